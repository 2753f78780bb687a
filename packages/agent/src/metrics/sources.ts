import type { StatsReading } from "@shoal/core/metrics/index";
import type { IpvsSnapshot } from "../kernel/types.ts";
import { destKey } from "@shoal/core";
import type { CounterTable } from "./counter-table.ts";

/**
 * One sample's reading, applied to the counter table in one synchronous step (between its begin()
 * and end()), so a read that fails leaves the table as the last sample left it.
 */
export type TableUpdate = (t: CounterTable) => void;

/** A whole reading as core's StatsReading (tests, other readers). */
export function readingUpdate(r: StatsReading): TableUpdate {
  return (t) => {
    for (const s of r.services) {
      const slot = t.service(s.key, s.counters);
      t.dests(
        slot,
        s.dests.map((d) => ({
          key: d.key,
          activeConns: d.activeConns,
          inactiveConns: d.inactiveConns,
          weight: d.weight,
          conns: Number(d.counters.conns),
          inPkts: Number(d.counters.inPkts),
          outPkts: Number(d.counters.outPkts),
          inBytes: Number(d.counters.inBytes),
          outBytes: Number(d.counters.outBytes),
        })),
      );
    }
    if (r.totals) t.setTotals(r.totals);
  };
}

/** A sample source from a reader of whole readings (tests, readers that have no cheaper way). */
export function wholeReadings(read: () => Promise<StatsReading>): () => Promise<TableUpdate> {
  return async () => readingUpdate(await read());
}

/** A readWithStats() snapshot (backends without the one-dump service counters: ipvsadm). */
export function snapshotUpdate(snap: IpvsSnapshot): TableUpdate {
  return (t) => {
    snap.stats.forEach((s, i) => {
      const table = snap.state.services[i]?.dests ?? [];
      const slot = t.service(s.key, s.counters);
      t.dests(
        slot,
        s.dests.map((d, j) => {
          // same order as the table half whenever it has the same real server there
          const w =
            table[j] && table[j].address === d.address && table[j].port === d.port ? table[j].weight : table.find((x) => x.address === d.address && x.port === d.port)?.weight;
          return { key: destKey(d), activeConns: d.activeConns, inactiveConns: d.inactiveConns, weight: w, ...d.counters };
        }),
      );
    });
  };
}
