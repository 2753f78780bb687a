import { Registry, type Metric } from "prom-client";
import type { CounterField, RateSample, RateSet } from "@shoal/core/metrics/index";
import { backendLabels, serviceLabels, type BackendLabels, type ServiceLabels } from "./labels.ts";

/** node_exporter's names for /proc/net/ip_vs_stats, and the word each counter has in ours. */
const TOTALS: [CounterField, keyof RateSet, string, string][] = [
  ["conns", "cps", "connections", "The total number of connections made."],
  ["inPkts", "inPps", "incoming_packets", "The total number of incoming packets."],
  ["outPkts", "outPps", "outgoing_packets", "The total number of outgoing packets."],
  ["inBytes", "inBps", "incoming_bytes", "The total amount of incoming data."],
  ["outBytes", "outBps", "outgoing_bytes", "The total amount of outgoing data."],
];

type Value = { labels: Record<string, string>; value: number };
type Service = RateSample["services"][number];
type Dest = Service["dests"][number];

/**
 * A metric family computed from the latest sample at scrape time. prom-client's Counter/Gauge
 * hash every label set on set(); at 1,000 services x 10 real servers that made a scrape cost
 * ~2 s of CPU. This hands the registry finished values instead, and prom-client still does the
 * exposition format (escaping, HELP/TYPE lines, content type).
 */
class SnapshotMetric {
  readonly name: string;
  readonly help: string;
  readonly type: "counter" | "gauge";
  readonly aggregator = "sum" as const;
  private readonly collect: () => Value[];

  constructor(name: string, help: string, type: "counter" | "gauge", collect: () => Value[]) {
    this.name = name;
    this.help = help;
    this.type = type;
    this.collect = collect;
  }

  get() {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: this.collect() };
  }

  reset(): void {}
}

export interface RegistryOptions {
  /**
   * Also export per-real-server *_total counters (rates are always there). Off by default: with
   * 10,000 real servers they add 50,000 series per scrape that rate() over the totals can replace.
   */
  backendCounters?: boolean;
}

/**
 * A registry whose every metric is read from the sampler's latest sample at scrape time, so a
 * scrape costs nothing between scrapes and never shows a half-updated sample. Names follow
 * node_exporter's ipvs collector (dashboards built for it work unchanged) plus shoal_ipvs_* for the
 * per-service and per-real-server counters and rates node_exporter does not have. Series without a
 * rate this second (new, reset, clock trouble) are absent rather than zero.
 */
export function createMetricsRegistry(latest: () => RateSample | null, opts: RegistryOptions = {}): Registry {
  const registry = new Registry();
  const add = (name: string, help: string, type: "counter" | "gauge", collect: () => Value[]) =>
    registry.registerMetric(new SnapshotMetric(name, help, type, collect) as unknown as Metric);

  // Labels are built once per sample, not once per metric family.
  let cached: { sample: RateSample; svc: ServiceLabels[]; dst: BackendLabels[][] } | null = null;
  const labelled = () => {
    const s = latest();
    if (!s) return null;
    if (cached?.sample !== s) {
      cached = { sample: s, svc: s.services.map((sv) => serviceLabels(sv.key)), dst: s.services.map((sv) => sv.dests.map((d) => backendLabels(sv.key, d.key))) };
      // a scrape asks every family in one synchronous pass: keep the labels for it, not for the
      // time between scrapes (110,000 label objects at 10,000 x 10)
      setImmediate(() => {
        cached = null;
      });
    }
    return cached;
  };
  const perService = (pick: (s: Service) => number | undefined) => (): Value[] => {
    const c = labelled();
    const out: Value[] = [];
    c?.sample.services.forEach((sv, i) => {
      const v = pick(sv);
      if (v !== undefined) out.push({ labels: c.svc[i]! as unknown as Record<string, string>, value: v });
    });
    return out;
  };
  const perBackend = (pick: (d: Dest) => number | undefined) => (): Value[] => {
    const c = labelled();
    const out: Value[] = [];
    c?.sample.services.forEach((sv, i) =>
      sv.dests.forEach((d, j) => {
        const v = pick(d);
        if (v !== undefined) out.push({ labels: c.dst[i]![j]! as unknown as Record<string, string>, value: v });
      }),
    );
    return out;
  };
  const director = (pick: (s: RateSample) => number | undefined) => (): Value[] => {
    const s = latest();
    const v = s ? pick(s) : undefined;
    return v === undefined ? [] : [{ labels: {}, value: v }];
  };

  for (const [field, rate, word, help] of TOTALS) {
    const spaced = word.replace("_", " ");
    add(
      `node_ipvs_${word}_total`,
      help,
      "counter",
      director((s) => Number(s.totals.counters[field])),
    );
    add(
      `shoal_ipvs_${word}_per_second`,
      `Director-wide ${spaced} per second, from counter deltas.`,
      "gauge",
      director((s) => s.totals.rates?.[rate]),
    );
    add(
      `shoal_ipvs_service_${word}_total`,
      help.replace("The total", "Per virtual service: the total"),
      "counter",
      perService((s) => Number(s.counters[field])),
    );
    add(
      `shoal_ipvs_service_${word}_per_second`,
      `Per virtual service: ${spaced} per second.`,
      "gauge",
      perService((s) => s.rates?.[rate]),
    );
    if (opts.backendCounters) {
      add(
        `shoal_ipvs_backend_${word}_total`,
        help.replace("The total", "Per real server: the total"),
        "counter",
        perBackend((d) => Number(d.counters[field])),
      );
    }
    add(
      `shoal_ipvs_backend_${word}_per_second`,
      `Per real server: ${spaced} per second.`,
      "gauge",
      perBackend((d) => d.rates?.[rate]),
    );
  }
  add(
    "node_ipvs_backend_connections_active",
    "The current active connections by local and remote address.",
    "gauge",
    perBackend((d) => d.activeConns),
  );
  add(
    "node_ipvs_backend_connections_inactive",
    "The current inactive connections by local and remote address.",
    "gauge",
    perBackend((d) => d.inactiveConns),
  );
  add(
    "node_ipvs_backend_weight",
    "The current backend weight by local and remote address.",
    "gauge",
    perBackend((d) => d.weight),
  );
  add(
    "shoal_ipvs_service_connections_active",
    "Active connections of a virtual service (sum over its real servers).",
    "gauge",
    perService((s) => s.activeConns),
  );
  add(
    "shoal_ipvs_service_connections_inactive",
    "Inactive connections of a virtual service (sum over its real servers).",
    "gauge",
    perService((s) => s.inactiveConns),
  );
  add(
    "shoal_ipvs_sample_timestamp_seconds",
    "Wall-clock time of the sample these metrics come from; stale when the kernel read stalls.",
    "gauge",
    director((s) => s.wallMs / 1000),
  );
  return registry;
}
