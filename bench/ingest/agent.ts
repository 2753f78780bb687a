/**
 * Agent-side cost of live monitoring per second at 1,000 services x 10 real servers: rates from
 * the exact u64 counters (bigint), encoding the sample for the wire, and the JSON body. The kernel
 * dump itself is the netlink backend's (packages/agent/src/kernel) and not measured here.
 *
 *   pnpm --filter @shoal/bench exec tsx ingest/agent.ts
 */
import { computeSample, LayoutTracker, toWireSample, type RateSample, type StatsReading } from "@shoal/core/metrics/index";
import { destKey, serviceKey, shapeFromEnv } from "./shape.ts";
// By path: the bench does not depend on the agent package, only measures this one module of it.
import { createMetricsRegistry } from "../../packages/agent/src/metrics/prometheus.ts";

const shape = shapeFromEnv();
const codec = { encode: (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64"), decode: (s: string) => Buffer.from(s, "base64") };

function reading(tick: number): StatsReading {
  const t = BigInt(tick);
  const big = 2n ** 55n; // past 2^53, as a long-lived director's byte counters are
  return {
    services: Array.from({ length: shape.services }, (_, s) => ({
      key: serviceKey(0, s),
      counters: { conns: 100n * t, inPkts: 1000n * t, outPkts: 900n * t, inBytes: big + 64_000n * t, outBytes: big + 1_200_000n * t },
      dests: Array.from({ length: shape.dests }, (_, r) => ({
        key: destKey(0, s, r),
        activeConns: 10 + r,
        inactiveConns: 3,
        weight: 100,
        counters: { conns: 10n * t, inPkts: 100n * t, outPkts: 90n * t, inBytes: big + 6_400n * t, outBytes: big + 120_000n * t },
      })),
    })),
  };
}

const N = Number(process.env.AGENT_SAMPLES ?? 30);
const readings = Array.from({ length: N + 1 }, (_, i) => reading(i));
const tracker = new LayoutTracker("bench");
let prev: RateSample | null = computeSample(null, { wallMs: Date.now(), monoMs: 0, reading: readings[0]! });
let rateMs = 0;
let encodeMs = 0;
let bytes = 0;
for (let i = 1; i <= N; i++) {
  let c = process.cpuUsage();
  prev = computeSample(prev, { wallMs: Date.now(), monoMs: i * 1000, reading: readings[i]! });
  let d = process.cpuUsage(c);
  rateMs += (d.user + d.system) / 1000;
  c = process.cpuUsage();
  const { layout } = tracker.layoutOf(prev);
  const body = JSON.stringify({ v: 1, seq: i, layouts: [], samples: [toWireSample(prev, layout, codec)], health: [] });
  d = process.cpuUsage(c);
  encodeMs += (d.user + d.system) / 1000;
  bytes += body.length;
}
const f = (n: number, d = 2) => n.toLocaleString("en", { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(`agent, ${shape.services} services x ${shape.dests} real servers, mean of ${N} samples:`);
console.log(`  rates from u64 counters: ${f(rateMs / N)} ms CPU per sample`);
console.log(`  layout check + encode + JSON body: ${f(encodeMs / N)} ms CPU per sample, ${f(bytes / N / 1024, 0)} KiB per POST`);
console.log(`  = ${f(((rateMs + encodeMs) / N / 1000) * 100, 1)} % of one core at 1 Hz`);

for (const backendCounters of [false, true]) {
  const registry = createMetricsRegistry(() => prev, { backendCounters });
  await registry.metrics(); // warm-up
  const c = process.cpuUsage();
  const text = await registry.metrics();
  const d = process.cpuUsage(c);
  console.log(
    `  /metrics scrape${backendCounters ? " with per-real-server counters" : ""}: ${f((d.user + d.system) / 1000, 0)} ms CPU, ${f(text.length / 2 ** 20, 1)} MiB, ${f(text.split("\n").length, 0)} lines`,
  );
}
