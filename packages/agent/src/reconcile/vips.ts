import type { Cluster } from "@shoal/core";
import { familyOf } from "@shoal/core";

/** A VIP the director brings up as an alias (Piranha/ifconfig eth0:1), /32 or /128 unless the service says its prefix. */
export interface Vip {
  address: string;
  prefix: number;
  iface: string;
  label?: string;
}

export function vipId(v: { address: string; iface: string }): string {
  return `${v.iface} ${v.address}`;
}

/**
 * Linux wants an IPv4 label to start with the interface name; operators often write just the
 * alias number ("1" for eth0:1), so accept both. IPv6 addresses carry no label.
 */
export function aliasLabel(iface: string, label: string | undefined, family: "inet" | "inet6"): string | undefined {
  if (!label || family === "inet6") return undefined;
  if (label === iface || label.startsWith(`${iface}:`)) return label;
  return `${iface}:${label.replace(/^:/, "")}`.slice(0, 15);
}

/**
 * VIPs this director should hold: one per address of an enabled service that names a
 * vipInterface. With VRRP configured, keepalived moves the VIPs between directors, so the agent
 * leaves them alone (two owners would fight over them at every failover).
 */
export function desiredVips(cluster: Cluster): Vip[] {
  if (cluster.vrrp) return [];
  const out = new Map<string, Vip>();
  for (const vs of cluster.virtualServices) {
    if (!vs.enabled || !vs.address || !vs.vipInterface) continue;
    const family = familyOf(vs.address) ?? "inet";
    const v: Vip = { address: vs.address, prefix: vs.vipPrefix ?? (family === "inet6" ? 128 : 32), iface: vs.vipInterface };
    const label = aliasLabel(vs.vipInterface, vs.vipLabel, family);
    if (label) v.label = label;
    if (!out.has(vipId(v))) out.set(vipId(v), v);
  }
  return [...out.values()].sort((a, b) => vipId(a).localeCompare(vipId(b)));
}

export interface VipPlan {
  add: Vip[];
  remove: Vip[];
}

/**
 * Which VIPs to add and which of the agent's own earlier VIPs to take away. Only addresses the
 * agent recorded as its own are ever removed, and not while a service in the kernel still uses
 * the address (a service being drained keeps its VIP until it is deleted).
 */
export function planVips(desired: readonly Vip[], present: readonly { address: string; iface: string }[], managed: readonly Vip[], inUse: ReadonlySet<string>): VipPlan {
  const have = new Set(present.map(vipId));
  const want = new Set(desired.map(vipId));
  return {
    add: desired.filter((v) => !have.has(vipId(v))),
    remove: managed.filter((v) => !want.has(vipId(v)) && !inUse.has(v.address) && have.has(vipId(v))),
  };
}
