import { computeSample, type RateOptions, type RateSample, type StatsReading } from "@shoal/core/metrics/index";

export interface SamplerOptions extends RateOptions {
  /** One kernel reading: the agent's netlink dump (readWithStats through readingFromSnapshot). */
  read: () => Promise<StatsReading>;
  intervalMs?: number;
  /** How many computed samples to keep for the agent's own use (CLI, debugging). */
  keep?: number;
  onSample?: (s: RateSample) => void;
  onError?: (e: unknown) => void;
  /** Injectable clocks, so tests drive time without sleeping. */
  wallNow?: () => number;
  monoNow?: () => number;
}

/**
 * Reads the kernel every interval and turns readings into rate samples. Readings never overlap:
 * a dump that takes longer than the interval delays the next one instead of queueing behind it,
 * and the next rate covers the longer interval (the monotonic clock measures it).
 */
export class MetricsSampler {
  private prev: RateSample | null = null;
  private readonly history: RateSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private readonly opts: SamplerOptions;

  constructor(opts: SamplerOptions) {
    this.opts = opts;
  }

  latest(): RateSample | null {
    return this.prev;
  }

  recent(): readonly RateSample[] {
    return this.history;
  }

  async sampleOnce(): Promise<RateSample> {
    const wall = (this.opts.wallNow ?? Date.now)();
    const mono = (this.opts.monoNow ?? (() => performance.now()))();
    const reading = await this.opts.read();
    const s = computeSample(this.prev, { wallMs: wall, monoMs: mono, reading }, this.opts);
    this.prev = s;
    this.history.push(s);
    const keep = this.opts.keep ?? 60;
    if (this.history.length > keep) this.history.splice(0, this.history.length - keep);
    this.opts.onSample?.(s);
    return s;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const interval = this.opts.intervalMs ?? 1000;
    const tick = async () => {
      const started = performance.now();
      try {
        await this.sampleOnce();
      } catch (e) {
        this.opts.onError?.(e);
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
