import { Counter, Gauge, Registry } from "prom-client";
import type { CounterField, RateSample, RateSet } from "@shoal/core/metrics/index";
import { backendLabels, serviceLabels } from "./labels.ts";

const SERVICE_LABELS = ["local_address", "local_port", "proto", "local_mark"] as const;
const BACKEND_LABELS = [...SERVICE_LABELS, "remote_address", "remote_port"] as const;

/** node_exporter's names for /proc/net/ip_vs_stats, and the word each counter has in ours. */
const TOTALS: [CounterField, keyof RateSet, string, string][] = [
  ["conns", "cps", "connections", "The total number of connections made."],
  ["inPkts", "inPps", "incoming_packets", "The total number of incoming packets."],
  ["outPkts", "outPps", "outgoing_packets", "The total number of outgoing packets."],
  ["inBytes", "inBps", "incoming_bytes", "The total amount of incoming data."],
  ["outBytes", "outBps", "outgoing_bytes", "The total amount of outgoing data."],
];

/**
 * A registry whose every metric is read from the sampler's latest sample at scrape time, so a
 * scrape costs nothing between scrapes and never shows a half-updated sample. Names follow
 * node_exporter's ipvs collector (dashboards built for it work unchanged) plus shoal_ipvs_* for the
 * per-service and per-real-server counters and rates node_exporter does not have. Series without a
 * rate this second (new, reset, clock trouble) are absent rather than zero.
 */
export function createMetricsRegistry(latest: () => RateSample | null): Registry {
  const registry = new Registry();
  const registers = [registry];

  for (const [field, rate, word, help] of TOTALS) {
    new Counter({
      name: `node_ipvs_${word}_total`,
      help,
      registers,
      collect() {
        this.reset();
        const s = latest();
        if (s) this.inc(Number(s.totals.counters[field]));
      },
    });
    new Gauge({
      name: `shoal_ipvs_${word}_per_second`,
      help: `Director-wide ${word.replace("_", " ")} per second, from counter deltas.`,
      registers,
      collect() {
        this.reset();
        const r = latest()?.totals.rates;
        if (r) this.set(r[rate]);
      },
    });
    new Counter({
      name: `shoal_ipvs_service_${word}_total`,
      help: `${help.replace("The total", "Per virtual service: the total")}`,
      labelNames: SERVICE_LABELS,
      registers,
      collect() {
        this.reset();
        for (const sv of latest()?.services ?? []) this.inc(serviceLabels(sv.key), Number(sv.counters[field]));
      },
    });
    new Gauge({
      name: `shoal_ipvs_service_${word}_per_second`,
      help: `Per virtual service: ${word.replace("_", " ")} per second.`,
      labelNames: SERVICE_LABELS,
      registers,
      collect() {
        this.reset();
        for (const sv of latest()?.services ?? []) if (sv.rates) this.set(serviceLabels(sv.key), sv.rates[rate]);
      },
    });
    new Counter({
      name: `shoal_ipvs_backend_${word}_total`,
      help: `${help.replace("The total", "Per real server: the total")}`,
      labelNames: BACKEND_LABELS,
      registers,
      collect() {
        this.reset();
        for (const sv of latest()?.services ?? []) for (const d of sv.dests) this.inc(backendLabels(sv.key, d.key), Number(d.counters[field]));
      },
    });
    new Gauge({
      name: `shoal_ipvs_backend_${word}_per_second`,
      help: `Per real server: ${word.replace("_", " ")} per second.`,
      labelNames: BACKEND_LABELS,
      registers,
      collect() {
        this.reset();
        for (const sv of latest()?.services ?? []) for (const d of sv.dests) if (d.rates) this.set(backendLabels(sv.key, d.key), d.rates[rate]);
      },
    });
  }

  const backendGauge = (name: string, help: string, pick: (d: RateSample["services"][number]["dests"][number]) => number | undefined) =>
    new Gauge({
      name,
      help,
      labelNames: BACKEND_LABELS,
      registers,
      collect() {
        this.reset();
        for (const sv of latest()?.services ?? [])
          for (const d of sv.dests) {
            const v = pick(d);
            if (v !== undefined) this.set(backendLabels(sv.key, d.key), v);
          }
      },
    });
  backendGauge("node_ipvs_backend_connections_active", "The current active connections by local and remote address.", (d) => d.activeConns);
  backendGauge("node_ipvs_backend_connections_inactive", "The current inactive connections by local and remote address.", (d) => d.inactiveConns);
  backendGauge("node_ipvs_backend_weight", "The current backend weight by local and remote address.", (d) => d.weight);

  for (const [name, help, pick] of [
    ["shoal_ipvs_service_connections_active", "Active connections of a virtual service (sum over its real servers).", (s: RateSample["services"][number]) => s.activeConns],
    ["shoal_ipvs_service_connections_inactive", "Inactive connections of a virtual service (sum over its real servers).", (s: RateSample["services"][number]) => s.inactiveConns],
  ] as const) {
    new Gauge({
      name,
      help,
      labelNames: SERVICE_LABELS,
      registers,
      collect() {
        this.reset();
        for (const sv of latest()?.services ?? []) this.set(serviceLabels(sv.key), pick(sv));
      },
    });
  }

  new Gauge({
    name: "shoal_ipvs_sample_timestamp_seconds",
    help: "Wall-clock time of the sample these metrics come from; stale when the kernel read stalls.",
    registers,
    collect() {
      this.reset();
      const s = latest();
      if (s) this.set(s.wallMs / 1000);
    },
  });
  return registry;
}
