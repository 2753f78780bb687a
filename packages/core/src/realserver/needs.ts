import type { Cluster } from "../model/cluster.ts";
import { canonicalAddress, familyOf, inSubnet } from "../model/address.ts";
import type { Family, TunnelType } from "../model/enums.ts";

/** One VIP this real server must accept, and on which device it lives. */
export interface LocalVip {
  address: string;
  family: Family;
  /** lo for DR; the tunnel's fallback device (tunl0, sit0, ip6tnl0, gre0) for TUN. */
  device: string;
  /** The kernel module that creates `device` (absent for lo). */
  module?: string;
  /** Which services need it, for the comments ("tcp 192.0.2.100:80"). */
  services: string[];
  /** GUE: UDP port the real server must decapsulate on (ip fou). */
  guePort?: number;
}

export interface NatNeed {
  services: string[];
  /** DIPs (without prefix) in the real server's subnet, or every known DIP when none is. */
  gateways: string[];
  sameSubnet: boolean;
}

export interface RealServerNeeds {
  address: string;
  family: Family | undefined;
  dr: LocalVip[];
  tun: LocalVip[];
  nat?: NatNeed;
  /** fwmark services this server is in by DR/TUN: the VIPs are whatever the director marks. */
  fwmark: { mark: number; forwarding: "route" | "tunnel"; addresses: string[] }[];
}

/**
 * What one real server has to be configured with, collected from every service it belongs to.
 * Disabled services and real servers are included: enabling them later in the console must
 * not need a new script run on the host.
 */
export function realServerNeeds(cluster: Cluster, rsAddress: string, fwmarkAddresses: Record<number, string[]> = {}): RealServerNeeds {
  const me = canonicalAddress(rsAddress);
  const outer = familyOf(me);
  const dr = new Map<string, LocalVip>();
  const tun = new Map<string, LocalVip>();
  const natServices: string[] = [];
  const fwmark: RealServerNeeds["fwmark"] = [];

  for (const vs of cluster.virtualServices) {
    const label = vs.protocol === "fwmark" ? `fwmark ${vs.fwmark}` : `${vs.protocol} ${vs.address?.includes(":") ? `[${vs.address}]` : vs.address}:${vs.port}`;
    for (const rs of vs.realServers) {
      if (canonicalAddress(rs.address) !== me) continue;
      if (rs.forwarding === "masq") {
        natServices.push(label);
        continue;
      }
      const vips = vs.protocol === "fwmark" ? (fwmarkAddresses[vs.fwmark ?? 0] ?? []).map(canonicalAddress) : vs.address ? [canonicalAddress(vs.address)] : [];
      if (vs.protocol === "fwmark") fwmark.push({ mark: vs.fwmark ?? 0, forwarding: rs.forwarding, addresses: vips });
      for (const vip of vips) {
        const family = familyOf(vip) ?? vs.family;
        if (rs.forwarding === "route") add(dr, { address: vip, family, device: "lo", services: [label] });
        else {
          const type = rs.tunnel?.type ?? "ipip";
          const dev = tunnelDevice(type, outer ?? family, family);
          const v: LocalVip = { address: vip, family, device: dev.device, module: dev.module, services: [label] };
          if (type === "gue" && rs.tunnel?.port !== undefined) v.guePort = rs.tunnel.port;
          add(tun, v);
        }
      }
    }
  }

  const needs: RealServerNeeds = { address: me, family: outer, dr: [...dr.values()], tun: [...tun.values()], fwmark };
  if (natServices.length) {
    const dips = cluster.directors.map((d) => d.privateAddress).filter((a): a is string => a !== undefined);
    const near = dips.filter((d) => inSubnet(me, d));
    const pick = (near.length ? near : dips).map((d) => d.split("/")[0]!);
    needs.nat = { services: natServices, gateways: [...new Set(pick)], sameSubnet: near.length > 0 };
  }
  return needs;
}

function add(into: Map<string, LocalVip>, v: LocalVip): void {
  const key = `${v.device} ${v.address}`;
  const had = into.get(key);
  if (had) had.services.push(...v.services.filter((s) => !had.services.includes(s)));
  else into.set(key, v);
}

/**
 * The fallback device that receives a tunnel without configuring endpoints: IPVS encapsulates
 * towards the real server's address, so the outer family is the real server's and the inner the
 * VIP's. GUE arrives over UDP and is handed by fou to the ipip/sit device.
 */
export function tunnelDevice(type: TunnelType, outer: Family, inner: Family): { device: string; module: string } {
  if (type === "gre") return outer === "inet6" ? { device: "ip6gre0", module: "ip6_gre" } : { device: "gre0", module: "ip_gre" };
  if (outer === "inet6") return { device: "ip6tnl0", module: "ip6_tunnel" };
  return inner === "inet6" ? { device: "sit0", module: "sit" } : { device: "tunl0", module: "ipip" };
}
