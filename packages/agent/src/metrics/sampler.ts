import type { RateOptions, RateSample } from "@shoal/core/metrics/index";
import { CounterTable } from "./counter-table.ts";
import type { TableUpdate } from "./sources.ts";
import { rateSampleOf } from "./table-views.ts";

export interface SamplerOptions extends RateOptions {
  /**
   * Reads the kernel for one sample, given the table as the last sample left it (the incremental
   * reader decides from it which real servers to dump); its update is applied at once.
   */
  source: (table: CounterTable, monoMs: number) => Promise<TableUpdate>;
  intervalMs?: number;
  /** Told after each sample; the table holds it until the next one (copy what must be kept). */
  onSample?: (table: CounterTable) => void;
  onError?: (e: unknown) => void;
  /**
   * True while the agent writes the kernel table (e.g. a full sync of 110,000 operations): the
   * tick is skipped. Dumps then contend with the writes for IPVS's one mutex (a 10k x 10 sync
   * took twice as long with 1 Hz samples) and would only see a half-written table; the next
   * sample's rates cover the longer interval.
   */
  holdWhile?: () => boolean;
  /** Injectable clocks, so tests drive time without sleeping. */
  wallNow?: () => number;
  monoNow?: () => number;
}

/**
 * Reads the kernel every interval into one CounterTable. Readings never overlap: a dump that takes
 * longer than the interval delays the next one instead of queueing behind it, and the next rate
 * covers the longer interval (the monotonic clock measures it). No sample is kept beyond the
 * table's own baselines: the agent's memory does not grow with the history.
 */
export class MetricsSampler {
  readonly table: CounterTable;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private readonly opts: SamplerOptions;

  constructor(opts: SamplerOptions) {
    this.opts = opts;
    this.table = new CounterTable(opts);
  }

  /** The latest sample as core's RateSample, built for this call (none before the first sample). */
  latest(): RateSample | null {
    return this.table.seq < 0 ? null : rateSampleOf(this.table);
  }

  async sampleOnce(): Promise<CounterTable> {
    const wall = (this.opts.wallNow ?? Date.now)();
    const mono = (this.opts.monoNow ?? (() => performance.now()))();
    const update = await this.opts.source(this.table, mono);
    const t = this.table;
    t.begin(wall, mono);
    update(t);
    t.end();
    this.opts.onSample?.(t);
    return t;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const interval = this.opts.intervalMs ?? 1000;
    const tick = async () => {
      const started = performance.now();
      if (!this.opts.holdWhile?.()) {
        try {
          await this.sampleOnce();
        } catch (e) {
          this.opts.onError?.(e);
        }
      }
      if (!this.running) return;
      this.timer = setTimeout(tick, Math.max(0, interval - (performance.now() - started)));
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
