import type { KernelDest } from "../model/ipvs-state.ts";
import type { ServiceSpec } from "./operations.ts";

/*
 * "Same" as the kernel sees it: fields the kernel ignores or defaults are normalised, so a table
 * read back from ipvsadm never looks different from the desired one it came from.
 */

function flagsEqual(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length === 0) return true;
  const sa = [...a].sort();
  const sb = [...b].sort();
  return sa.every((f, i) => f === sb[i]);
}

/** Everything `ipvsadm -E` can change: scheduler, flags, persistence (timeout, netmask, engine), one-packet. */
export function sameServiceSettings(a: ServiceSpec, b: ServiceSpec): boolean {
  if (a.scheduler !== b.scheduler || a.onePacket !== b.onePacket || a.persistence !== b.persistence) return false;
  if (!flagsEqual(a.schedFlags, b.schedFlags)) return false;
  if (a.persistence !== undefined) {
    const full = a.family === "inet6" ? 128 : 32;
    if ((a.persistenceNetmask ?? full) !== (b.persistenceNetmask ?? full)) return false;
    if (a.persistenceEngine !== b.persistenceEngine) return false;
  }
  return true;
}

/** Everything `ipvsadm -e` can change: forwarding, weight, thresholds, tunnel encapsulation. */
export function sameDestSettings(a: KernelDest, b: KernelDest): boolean {
  if (a.weight !== b.weight || a.forwarding !== b.forwarding) return false;
  if (a.upperThreshold !== b.upperThreshold || a.lowerThreshold !== b.lowerThreshold) return false;
  if (a.forwarding !== "tunnel") return true;
  const type = a.tunnelType ?? "ipip";
  if (type !== (b.tunnelType ?? "ipip")) return false;
  if (type === "ipip") return true;
  if ((a.tunnelCsum ?? "nocsum") !== (b.tunnelCsum ?? "nocsum")) return false;
  return type !== "gue" || (a.tunnelPort ?? 0) === (b.tunnelPort ?? 0);
}
