import {
  LayoutTracker,
  MAX_SAMPLES_PER_BATCH,
  METRIC_STRIDE,
  toRawSample,
  WIRE_VERSION,
  type HealthEvent,
  type RateSample,
  type RawSample,
  type RawSampleBatch,
  type WireLayout,
} from "@shoal/core/metrics/index";

/** "ok": stored. "layout-unknown": the console lacks a layout id (it restarted); resend layouts. */
export type SendOutcome = "ok" | "layout-unknown";

export interface BatcherOptions {
  /** POSTs the batch to /api/agent/v1/samples with the director token; throws on other failures. */
  send: (batch: RawSampleBatch) => Promise<SendOutcome>;
  /** Distinguishes this agent run's layout ids from the previous run's; default: start time. */
  epoch?: string;
  /** Samples kept while the console is unreachable; the oldest go first beyond it. */
  maxBacklog?: number;
  /**
   * Bytes of queued matrices kept while the console is unreachable (the oldest go first beyond
   * it). A 10,000 x 10 sample is ~3 MB: 600 of them would be 1.8 GB of agent memory. Default
   * 128 MB: ~40 s of backlog at 10,000 x 10, the full 600 samples below ~2,000 x 10.
   */
  maxBacklogBytes?: number;
  /**
   * Matrix cells (series x 7) per POST. Catching up after an outage, a 1,000 x 10 director would
   * otherwise send 120 samples (~100 MB) in one body, which the console parses in one go;
   * 1,000,000 cells is ~12 such samples (~5 MB) per POST, sent back to back.
   */
  maxCellsPerBatch?: number;
  onError?: (e: unknown) => void;
}

interface Queued {
  sample: RawSample;
  layout: WireLayout;
}

/**
 * Queues encoded samples and sends them one POST at a time. While the console is down the backlog
 * grows up to maxBacklog (then drops the oldest, counted in `dropped`), and the next successful
 * POST carries up to MAX_SAMPLES_PER_BATCH of it, so a short outage leaves no hole in the charts.
 * Layouts go with the first batch that uses them and again whenever the console asks.
 */
export class SampleBatcher {
  private queue: Queued[] = [];
  private queuedBytes = 0;
  private health: HealthEvent[] = [];
  private inFlight: Promise<void> | null = null;
  private seq = 0;
  private readonly acked = new Set<string>();
  private readonly tracker: LayoutTracker;
  dropped = 0;
  sent = 0;
  private readonly opts: BatcherOptions;

  constructor(opts: BatcherOptions) {
    this.opts = opts;
    this.tracker = new LayoutTracker(opts.epoch ?? Date.now().toString(36));
  }

  get backlog(): number {
    return this.queue.length;
  }

  add(s: RateSample): void {
    const { layout } = this.tracker.layoutOf(s);
    this.addRaw(toRawSample(s, layout), layout);
  }

  /** A sample already encoded against its layout (the counter table writes its matrices itself). */
  addRaw(sample: RawSample, layout: WireLayout): void {
    this.queue.push({ sample, layout });
    this.queuedBytes += sample.svc.byteLength + sample.dst.byteLength;
    const max = this.opts.maxBacklog ?? 600;
    const maxBytes = this.opts.maxBacklogBytes ?? 128 * 1024 * 1024;
    let drop = 0;
    let bytes = this.queuedBytes;
    while (this.queue.length - drop > 1 && (this.queue.length - drop > max || bytes > maxBytes)) {
      const q = this.queue[drop++]!.sample;
      bytes -= q.svc.byteLength + q.dst.byteLength;
    }
    if (drop) {
      this.dropped += drop;
      this.queue.splice(0, drop);
      this.queuedBytes = bytes;
    }
  }

  /** Health check transitions ride along with the next batch. */
  addHealth(e: HealthEvent): void {
    this.health.push(e);
    if (this.health.length > 10_000) this.health.splice(0, this.health.length - 10_000);
  }

  /** Sends what is queued; concurrent calls share the one POST in flight. */
  flush(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.queue.length === 0 && this.health.length === 0) return Promise.resolve();
    const maxCells = this.opts.maxCellsPerBatch ?? 1_000_000;
    let n = 0;
    let cells = 0;
    while (n < Math.min(MAX_SAMPLES_PER_BATCH, this.queue.length)) {
      const l = this.queue[n]!.layout;
      cells += (l.svc.length + l.dst.k.length) * METRIC_STRIDE;
      if (n > 0 && cells > maxCells) break;
      n++;
    }
    const take = this.queue.slice(0, n);
    const health = this.health.slice();
    const layouts = [...new Set(take.map((q) => q.layout))].filter((l) => !this.acked.has(l.id));
    const batch: RawSampleBatch = { v: WIRE_VERSION, seq: this.seq, layouts, samples: take.map((q) => q.sample), health };
    this.inFlight = this.opts
      .send(batch)
      .then((outcome) => {
        if (outcome === "layout-unknown") {
          // Forget acknowledgements: the next flush (the caller's next tick) resends every layout.
          this.acked.clear();
          return;
        }
        this.seq++;
        this.sent += take.length;
        for (const l of layouts) this.acked.add(l.id);
        const sentSet = new Set(take);
        this.queue = this.queue.filter((q) => !sentSet.has(q));
        this.queuedBytes = this.queue.reduce((n, q) => n + q.sample.svc.byteLength + q.sample.dst.byteLength, 0);
        this.health.splice(0, health.length);
      })
      .catch((e) => this.opts.onError?.(e))
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  /** Sends until the backlog is empty or a POST fails (then the caller's next tick retries). */
  async drain(): Promise<void> {
    for (;;) {
      const before = this.queue.length;
      await this.flush();
      if (this.queue.length === 0 || this.queue.length >= before) return;
    }
  }
}
