import type { CounterSetLike, StatsReading } from "@shoal/core/metrics/index";
import { SampleBatcher, type SendOutcome } from "./batcher.ts";
import { createMetricsRegistry } from "./prometheus.ts";
import { MetricsSampler } from "./sampler.ts";
import { DEFAULT_METRICS_ADDRESS, startMetricsServer, type MetricsServer } from "./server.ts";
import type { RawSampleBatch } from "@shoal/core/metrics/index";

export interface MonitorOptions {
  /** The netlink dump, e.g. `async () => readingFromSnapshot(await kernel.readWithStats())`. */
  read: () => Promise<StatsReading>;
  /** /proc/net/ip_vs_stats totals (parseProcIpvsStats); without it totals sum the services. */
  readTotals?: () => Promise<CounterSetLike | undefined>;
  /** Batch delivery, e.g. httpSampleSender({ consoleUrl, token }); omit to only serve /metrics. */
  send?: (batch: RawSampleBatch) => Promise<SendOutcome>;
  /** HOST:PORT for /metrics, default 127.0.0.1:9105; null to not listen. */
  metricsAddress?: string | null;
  intervalMs?: number;
  /** Per-real-server *_total counters on /metrics (see createMetricsRegistry). */
  backendCounters?: boolean;
  log?: (msg: string, err?: unknown) => void;
}

export interface Monitor {
  sampler: MetricsSampler;
  batcher: SampleBatcher | null;
  metrics: MetricsServer | null;
  stop(): Promise<void>;
}

/**
 * The agent's whole live-monitoring loop in one call: sample every second through the kernel
 * interface, keep /metrics current, and ship each sample to the console (sending right after
 * sampling, so the console sees it within one round trip).
 */
export async function startMonitoring(opts: MonitorOptions): Promise<Monitor> {
  const log = opts.log ?? (() => undefined);
  let lastError = "";
  const batcher = opts.send
    ? new SampleBatcher({
        send: opts.send,
        onError: (e) => {
          // One line per distinct failure, not one per second while the console is down.
          const text = String(e);
          if (text !== lastError) log("sending samples to the console failed", e);
          lastError = text;
        },
      })
    : null;
  const sampler = new MetricsSampler({
    intervalMs: opts.intervalMs ?? 1000,
    read: async () => {
      const [reading, totals] = await Promise.all([opts.read(), opts.readTotals?.()]);
      return totals ? { ...reading, totals } : reading;
    },
    onSample: (s) => {
      if (!batcher) return;
      batcher.add(s);
      void batcher.drain();
    },
    onError: (e) => log("reading IPVS statistics failed", e),
  });
  const address = opts.metricsAddress === undefined ? DEFAULT_METRICS_ADDRESS : opts.metricsAddress;
  const metrics = address === null ? null : await startMetricsServer(createMetricsRegistry(() => sampler.latest(), { backendCounters: opts.backendCounters }), address);
  sampler.start();
  return {
    sampler,
    batcher,
    metrics,
    async stop() {
      sampler.stop();
      await batcher?.drain();
      await metrics?.close();
    },
  };
}
