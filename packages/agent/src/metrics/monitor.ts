import type { CounterSetLike, RateSample, StatsReading } from "@shoal/core/metrics/index";
import { SampleBatcher, type SendOutcome } from "./batcher.ts";
import type { CounterTable } from "./counter-table.ts";
import { createMetricsRegistry } from "./prometheus.ts";
import { MetricsSampler } from "./sampler.ts";
import { wholeReadings, type TableUpdate } from "./sources.ts";
import { rawSampleOf, TableLayouts } from "./table-views.ts";
import { DEFAULT_METRICS_ADDRESS, startMetricsServer, type MetricsServer } from "./server.ts";
import type { RawSampleBatch } from "@shoal/core/metrics/index";

export interface MonitorOptions {
  /** A whole reading per sample; or `source`. */
  read?: () => Promise<StatsReading>;
  /** One sample's kernel read given the table (the incremental reader: incremental.ts). */
  source?: (table: CounterTable, monoMs: number) => Promise<TableUpdate>;
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
  /** No sample while this is true (the agent is writing the kernel table): see SamplerOptions. */
  holdWhile?: () => boolean;
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
  const source = opts.source ?? (opts.read ? wholeReadings(opts.read) : undefined);
  if (!source) throw new Error("startMonitoring: give read or source");
  const layouts = new TableLayouts(Date.now().toString(36));
  const sampler = new MetricsSampler({
    intervalMs: opts.intervalMs ?? 1000,
    source: async (table, mono) => {
      const [update, totals] = await Promise.all([source(table, mono), opts.readTotals?.()]);
      return (t) => {
        update(t);
        if (totals) t.setTotals(totals);
      };
    },
    onSample: (t) => {
      if (!batcher) return;
      const layout = layouts.of(t);
      batcher.addRaw(rawSampleOf(t, layout), layout);
      void batcher.drain();
    },
    onError: (e) => log("reading IPVS statistics failed", e),
    ...(opts.holdWhile ? { holdWhile: opts.holdWhile } : {}),
  });
  const address = opts.metricsAddress === undefined ? DEFAULT_METRICS_ADDRESS : opts.metricsAddress;
  const metrics = address === null ? null : await startMetricsServer(createMetricsRegistry(latestOnce(sampler), { backendCounters: opts.backendCounters }), address);
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

/**
 * The sampler's latest sample as objects for one scrape: built once per sample however many
 * metric families ask, and dropped once the scrape's synchronous collection is over, so no
 * object graph of the table outlives it.
 */
function latestOnce(sampler: MetricsSampler): () => RateSample | null {
  let memo: { seq: number; sample: RateSample | null } | null = null;
  return () => {
    if (memo?.seq !== sampler.table.seq) {
      memo = { seq: sampler.table.seq, sample: sampler.latest() };
      setImmediate(() => {
        memo = null;
      });
    }
    return memo.sample;
  };
}
