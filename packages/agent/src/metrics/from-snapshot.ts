import { destKey, type Counters } from "@shoal/core";
import type { CounterSetLike, StatsReading } from "@shoal/core/metrics/index";
import type { IpvsSnapshot } from "../kernel/types.ts";

function counters(c: Counters): CounterSetLike {
  return { conns: c.conns, inPkts: c.inPkts, outPkts: c.outPkts, inBytes: c.inBytes, outBytes: c.outBytes };
}

/**
 * Maps the kernel interface's readWithStats() result onto the sampler's input. Weights come from
 * the table half of the snapshot because the stats half does not repeat them.
 */
export function readingFromSnapshot(snap: IpvsSnapshot, totals?: Counters): StatsReading {
  return {
    services: snap.stats.map((s, i) => {
      const table = snap.state.services[i]?.dests ?? [];
      const weights = new Map(table.map((d) => [destKey(d), d.weight] as const));
      return {
        key: s.key,
        counters: counters(s.counters),
        dests: s.dests.map((d) => {
          const key = destKey(d);
          return { key, activeConns: d.activeConns, inactiveConns: d.inactiveConns, weight: weights.get(key), counters: counters(d.counters) };
        }),
      };
    }),
    totals: totals ? counters(totals) : undefined,
  };
}
