import type { IpvsState } from "@shoal/core";

/**
 * Kernel parameters a director needs for what it serves. NAT (masq) real servers answer
 * through the director, which must route: ip_forward=1. Only ever switched on, never off:
 * the host may forward for other reasons.
 */
export function requiredSysctls(desired: IpvsState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of desired.services) {
    if (!s.dests.some((d) => d.forwarding === "masq")) continue;
    if (s.family === "inet6") out["net.ipv6.conf.all.forwarding"] = "1";
    else out["net.ipv4.ip_forward"] = "1";
  }
  return out;
}
