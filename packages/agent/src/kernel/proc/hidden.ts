import type { KernelService } from "@shoal/core";

/**
 * True when a service has something /proc/net/ip_vs cannot show: real-server thresholds, tunnel
 * type/port/checksum (only "Tunnel" is printed), scheduler flags, the persistence engine (sip),
 * or one-packet scheduling on IPv6 (printed for IPv4 only). Read without netlink, such a service
 * would look as if it had the defaults and be "corrected" on every cycle.
 */
export function procHides(s: KernelService): boolean {
  if (s.schedFlags.length > 0 || s.persistenceEngine !== undefined) return true;
  if (s.onePacket && s.family === "inet6") return true;
  for (const d of s.dests) {
    if (d.upperThreshold !== 0 || d.lowerThreshold !== 0) return true;
    if (d.tunnelType !== undefined || d.tunnelPort !== undefined || d.tunnelCsum !== undefined) return true;
  }
  return false;
}
