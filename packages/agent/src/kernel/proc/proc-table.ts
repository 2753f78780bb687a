import { listingToState, parseProcIpvs, stateDestKey, stateServiceKey, type KernelService } from "@shoal/core";
import { ConnIndex } from "../conn-index.ts";

export interface ProcTable {
  /** Sorted by service key, real servers by dest key: the order the netlink read gives. */
  services: KernelService[];
  conns: ConnIndex;
  /**
   * Persistence timeouts as printed, in jiffies (CONFIG_HZ per second), by service key: the
   * caller divides by the HZ it learned from a netlink read of the same service.
   */
  persistJiffies: Map<string, number>;
}

/**
 * /proc/net/ip_vs text as the planner's table, through core's parser. Undefined when the text
 * does not parse or leaves a fwmark service's family open (one with no real server): netlink
 * must answer then. What /proc never shows (hidden.ts) comes back as the defaults.
 */
export function procTable(text: string): ProcTable | undefined {
  // hz 1: the parser's "seconds" are then the jiffies as printed
  const r = parseProcIpvs(text, { hz: 1 });
  if (!r.ok || r.warnings.some((w) => w.code === "proc.fwmark-family")) return undefined;
  const state = listingToState(r.value);
  if (!state) return undefined;
  const conns = new ConnIndex();
  const persistJiffies = new Map<string, number>();
  const listed = r.value.services;
  const keyed = state.services.map((s, i) => {
    const key = stateServiceKey(s);
    if (s.persistence !== undefined) persistJiffies.set(key, s.persistence);
    // listingToState keeps the listing's real-server order: counts line up with that order
    const counts: number[] = [];
    for (const d of listed[i]!.dests) counts.push(d.activeConns ?? 0, d.inactiveConns ?? 0);
    conns.set(key, s.dests.slice(), counts);
    if (s.dests.length > 1) s.dests.sort(byKey(stateDestKey));
    return { key, s };
  });
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { services: keyed.map((k) => k.s), conns, persistJiffies };
}

function byKey<T>(key: (x: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}
