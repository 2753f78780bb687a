import { stateDestKey, type ServiceKeyParts } from "@shoal/core";
import type { DestCounters, ServiceCounters } from "../kernel/types.ts";
import { grown, type CounterTable } from "./counter-table.ts";
import type { TableUpdate } from "./sources.ts";

/**
 * One sample without a dump per service. IPVS adds a packet to its real server's stats and to its
 * virtual service's in the same call (ip_vs_in_stats / ip_vs_out_stats), so the ONE service dump
 * tells which services carried traffic; only their real servers are dumped. An unmoved service's
 * real servers keep their counters (their rates are exactly 0).
 *
 * What the kernel exports is a copy its rate estimator refreshes every 2 s, and a real server's
 * copy and its service's are not taken together (6.1 walks one list in which a real server sits
 * before its service; 6.2+ gives each its own tick of the 2 s). A real server copied before its
 * service shows the traffic late: so a service stays "hot", its real servers read every sample,
 * for 2 s plus two intervals after its counters last moved, and at least for the sample after
 * (when samples take longer than that); the late copy lands within that. One copied after its
 * service shows it early: the service shows the same traffic at its next copy, within 2 s, and
 * its real servers are read then. The same holds when a read's service dump falls just before an
 * estimator run and its real-server dump just after it.
 *
 * Connection gauges (active/inactive) change without packets (timers expire connections), and so
 * do weights and which real servers a quiet service has: every service's real servers are also
 * read in rotation, a slice each sample, so none is older than refreshSeconds / intervalSeconds
 * samples (refreshSeconds when sampling keeps to its interval) plus one.
 */

const ESTIMATOR_SECONDS = 2;

export interface CounterKernel {
  readServiceCounters(): Promise<ServiceCounters[]>;
  readDestCounters(services: readonly ServiceKeyParts[]): Promise<(DestCounters[] | undefined)[]>;
}

export interface IncrementalOptions {
  /** Longest a quiet service's real servers go unread, seconds; 0: every sample reads them all. */
  refreshSeconds: number;
  /** The sampling interval, seconds. */
  intervalSeconds: number;
  /** Services read every sample as if busy (the benchmark's stand-in for traffic). */
  alsoRead?: (serviceKey: string) => boolean;
}

export class IncrementalReader {
  /** By table slot: monotonic ms of the sample its service's counters last moved at. */
  private lastMoved = new Float64Array(0);
  private cursor = 0;
  /** Monotonic ms of the previous sample. */
  private lastMono = -Infinity;
  private all = true;
  /** The last sample's figures: services listed, and those whose real servers were read. */
  last = { services: 0, read: 0 };

  constructor(
    private readonly kernel: CounterKernel,
    private readonly opts: IncrementalOptions,
  ) {}

  private pending = new Set<string>();

  /** Reads every real server at the next sample. */
  refreshAll(): void {
    this.all = true;
  }

  /** Reads these services' real servers at the next sample (the agent just changed them). */
  refresh(serviceKeys: Iterable<string>): void {
    for (const k of serviceKeys) this.pending.add(k);
  }

  async read(t: CounterTable, monoMs: number): Promise<TableUpdate> {
    const pending = this.pending;
    this.pending = new Set();
    const svcs = await this.kernel.readServiceCounters();
    const n = svcs.length;
    const pick = new Uint8Array(n);
    const quietAt = new Int32Array(t.svc.used).fill(-1);
    const all = this.all || this.opts.refreshSeconds <= 0;
    const hotMs = (ESTIMATOR_SECONDS + 2 * this.opts.intervalSeconds) * 1000;
    for (let i = 0; i < n; i++) {
      const s = svcs[i]!;
      const slot = t.slotOf(s.key);
      const moved = this.lastMoved[slot ?? 0] ?? -Infinity;
      if (all || slot === undefined || !t.sameAsLast(slot, s.counters) || monoMs - moved <= hotMs || moved >= this.lastMono || pending.has(s.key) || this.opts.alsoRead?.(s.key))
        pick[i] = 1;
      else quietAt[slot] = i;
    }
    if (!all) {
      // the rotation: enough quiet services per sample to visit each within refreshSeconds when
      // samples keep to the interval. Counted in samples, not seconds: sized by the time a slow
      // sample took, the slice would grow the next sample, and so on up to reading everything
      // (seen at 10,000 services in a loaded lab guest)
      let k = Math.ceil((n * Math.max(this.opts.intervalSeconds, 0.001)) / this.opts.refreshSeconds);
      const used = quietAt.length;
      for (let step = 0; step < used && k > 0; step++) {
        const c = (this.cursor + step) % used;
        if (quietAt[c]! < 0) continue;
        pick[quietAt[c]!] = 1;
        k--;
        if (k === 0) this.cursor = (c + 1) % used;
      }
    }
    this.all = false;
    this.lastMono = monoMs;
    const wanted: number[] = [];
    for (let i = 0; i < n; i++) if (pick[i]) wanted.push(i);
    const dests = await this.kernel.readDestCounters(wanted.map((i) => svcs[i]!.service));
    this.last = { services: n, read: wanted.length };
    return (table) => {
      let j = 0;
      for (let i = 0; i < n; i++) {
        const s = svcs[i]!;
        const slot = table.service(s.key, s.counters);
        if (slot >= this.lastMoved.length) {
          this.lastMoved = grown(this.lastMoved, Math.max(64, table.svc.cap), -Infinity);
        }
        if (table.moved(slot)) this.lastMoved[slot] = monoMs;
        const list = pick[i] ? dests[j++] : undefined;
        // not read, or gone since the service dump (the next dump drops it): as last sample
        if (!list) table.carry(slot);
        else table.dests(slot, list.map(destIn));
      }
    };
  }
}

function destIn(d: DestCounters) {
  const c = d.counters;
  return {
    key: stateDestKey(d),
    activeConns: d.activeConns,
    inactiveConns: d.inactiveConns,
    weight: d.weight,
    conns: c.conns,
    inPkts: c.inPkts,
    outPkts: c.outPkts,
    inBytes: c.inBytes,
    outBytes: c.outBytes,
  };
}
