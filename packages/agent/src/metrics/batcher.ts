import { MAX_SAMPLES_PER_BATCH, toWireSample, WIRE_VERSION, type RateSample, type SampleBatch, type WireSample } from "@shoal/core/metrics/index";

export interface BatcherOptions {
  /** POSTs the batch to /api/agent/v1/samples with the director token; throws on failure. */
  send: (batch: SampleBatch) => Promise<void>;
  /** Backlog kept while the console is unreachable; the oldest go first beyond it. */
  maxBacklog?: number;
  onError?: (e: unknown) => void;
}

/**
 * Queues encoded samples and sends them one POST at a time. While the console is down the backlog
 * grows up to maxBacklog (then drops the oldest, counted in `dropped`), and the next successful
 * POST carries up to MAX_SAMPLES_PER_BATCH of it, so a short outage leaves no hole in the charts.
 */
export class SampleBatcher {
  private queue: WireSample[] = [];
  private inFlight: Promise<void> | null = null;
  private seq = 0;
  dropped = 0;
  sent = 0;
  private readonly opts: BatcherOptions;

  constructor(opts: BatcherOptions) {
    this.opts = opts;
  }

  get backlog(): number {
    return this.queue.length;
  }

  add(s: RateSample): void {
    this.queue.push(toWireSample(s));
    const max = this.opts.maxBacklog ?? 600;
    if (this.queue.length > max) {
      this.dropped += this.queue.length - max;
      this.queue.splice(0, this.queue.length - max);
    }
  }

  /** Sends what is queued; concurrent calls share the one POST in flight. */
  flush(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.queue.length === 0) return Promise.resolve();
    const take = this.queue.slice(0, MAX_SAMPLES_PER_BATCH);
    const batch: SampleBatch = { v: WIRE_VERSION, seq: this.seq, samples: take };
    this.inFlight = this.opts
      .send(batch)
      .then(() => {
        this.seq++;
        this.sent += take.length;
        // Samples may have been dropped from the head while the POST was out: remove by identity.
        const sentSet = new Set(take);
        this.queue = this.queue.filter((s) => !sentSet.has(s));
      })
      .catch((e) => this.opts.onError?.(e))
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }
}
