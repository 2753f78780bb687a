import { canonicalAddress } from "@shoal/core";
import { run } from "./ipvsadm/run.ts";
import { KernelCommandError, type AddressKernel, type InterfaceAddress } from "./types.ts";

interface IpJsonAddr {
  ifname: string;
  addr_info?: { family: string; local: string; prefixlen: number; label?: string }[];
}

/** Parses `ip -j addr show` (iproute2 JSON). Exported for unit tests. */
export function parseIpJsonAddr(json: string): InterfaceAddress[] {
  const out: InterfaceAddress[] = [];
  for (const link of JSON.parse(json || "[]") as IpJsonAddr[]) {
    for (const a of link.addr_info ?? []) {
      if (a.family !== "inet" && a.family !== "inet6") continue;
      const x: InterfaceAddress = { address: canonicalAddress(a.local), prefix: a.prefixlen, family: a.family, iface: link.ifname };
      // iproute2 shows the label on every IPv4 address; only an alias label says something
      if (a.label && a.label !== link.ifname) x.label = a.label;
      out.push(x);
    }
  }
  return out;
}

/**
 * VIP aliases through iproute2: `ip addr add 10.0.0.100/32 dev eth0 label eth0:1`, the way
 * Piranha and keepalived leave them, so operators' `ip addr` / `ifconfig` show what they expect.
 */
export function createAddressKernel(ip = "ip", netnsArgs: string[] = []): AddressKernel {
  const ipCmd = async (args: string[]) => {
    const r = await run(ip, [...netnsArgs, ...args]);
    return r;
  };
  const list = async (iface?: string) => {
    const r = await ipCmd(["-j", "addr", "show", ...(iface ? ["dev", iface] : [])]);
    if (r.code !== 0) throw new KernelCommandError(`ip addr show${iface ? ` dev ${iface}` : ""}`, r.stderr.trim());
    return parseIpJsonAddr(r.stdout);
  };
  return {
    list,
    async add(a) {
      const address = canonicalAddress(a.address);
      const have = await list(a.iface);
      if (have.some((h) => h.address === address && h.prefix === a.prefix)) return;
      const args = ["addr", "add", `${address}/${a.prefix}`, "dev", a.iface];
      if (a.label && !address.includes(":")) args.push("label", a.label);
      if (address.includes(":")) args.push("nodad"); // a VIP must answer at once, not after DAD
      const r = await ipCmd(args);
      if (r.code !== 0) throw new KernelCommandError(`ip ${args.join(" ")}`, r.stderr.trim());
    },
    async remove(a) {
      const address = canonicalAddress(a.address);
      const have = await list(a.iface);
      if (!have.some((h) => h.address === address && h.prefix === a.prefix)) return;
      const args = ["addr", "del", `${address}/${a.prefix}`, "dev", a.iface];
      const r = await ipCmd(args);
      if (r.code !== 0) throw new KernelCommandError(`ip ${args.join(" ")}`, r.stderr.trim());
    },
  };
}
