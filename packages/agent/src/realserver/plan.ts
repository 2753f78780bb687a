import type { LocalVip, RealServerNeeds } from "@shoal/core";

export interface RealServerActions {
  /** Tunnel devices to create (load the module) and bring up. */
  devices: { device: string; module?: string }[];
  addresses: { address: string; prefix: number; iface: string; label?: string }[];
  sysctls: Record<string, string>;
}

/**
 * What a DR or TUN real server needs, from core's realServerNeeds: every VIP as a host address
 * (/32, /128) on lo (DR) or the tunnel device (TUN), so the kernel accepts packets for it; and
 * the ARP sysctls so this host never answers ARP for the VIP (the director must get all the
 * traffic): arp_ignore=1, arp_announce=2 on all and lo. TUN also needs rp_filter=0: the
 * decapsulated packet's source (the client) is not routed via the tunnel.
 */
export function desiredRealServer(needs: readonly RealServerNeeds[]): { vips: LocalVip[]; sysctls: Record<string, string> } {
  const vips = new Map<string, LocalVip>();
  for (const n of needs) for (const v of [...n.dr, ...n.tun]) vips.set(`${v.device} ${v.address}`, v);
  const sysctls: Record<string, string> = {};
  const all = [...vips.values()];
  if (all.some((v) => v.family === "inet")) {
    for (const dev of ["all", "lo"]) {
      sysctls[`net.ipv4.conf.${dev}.arp_ignore`] = "1";
      sysctls[`net.ipv4.conf.${dev}.arp_announce`] = "2";
    }
  }
  for (const v of all) {
    if (v.device === "lo" || v.family !== "inet") continue;
    sysctls["net.ipv4.conf.all.rp_filter"] = "0";
    sysctls[`net.ipv4.conf.${v.device}.rp_filter`] = "0";
  }
  return { vips: all.sort((a, b) => `${a.device} ${a.address}`.localeCompare(`${b.device} ${b.address}`)), sysctls };
}

/** The changes that bring this host from what it has to what it needs. */
export function realServerActions(
  wanted: { vips: LocalVip[]; sysctls: Record<string, string> },
  present: { addresses: readonly { address: string; iface: string }[]; devicesUp: ReadonlySet<string>; sysctls: Readonly<Record<string, string | undefined>> },
): RealServerActions {
  const have = new Set(present.addresses.map((a) => `${a.iface} ${a.address}`));
  const devices = new Map<string, { device: string; module?: string }>();
  for (const v of wanted.vips) {
    if (v.device !== "lo" && !present.devicesUp.has(v.device)) devices.set(v.device, { device: v.device, ...(v.module ? { module: v.module } : {}) });
  }
  const addresses = wanted.vips
    .filter((v) => !have.has(`${v.device} ${v.address}`))
    .map((v) => ({ address: v.address, prefix: v.family === "inet6" ? 128 : 32, iface: v.device, ...(v.device === "lo" && v.family === "inet" ? { label: "lo:shoal" } : {}) }));
  const sysctls: Record<string, string> = {};
  for (const [k, val] of Object.entries(wanted.sysctls)) if (present.sysctls[k] !== val) sysctls[k] = val;
  return { devices: [...devices.values()], addresses, sysctls };
}
