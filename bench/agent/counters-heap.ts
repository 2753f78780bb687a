// What the live counters keep in the heap at N services x R real servers, on the host (no kernel):
// core's computeSample with the old sampler's 60-sample history vs the counter table. Synthetic
// readings shaped as readWithStats() gives them. Run: node --expose-gc --import tsx bench/agent/counters-heap.ts 10000 10
import { computeSample, type RateSample, type StatsReading } from "../../packages/core/src/metrics/index.ts";
import { CounterTable } from "../../packages/agent/src/metrics/counter-table.ts";
import { readingUpdate } from "../../packages/agent/src/metrics/sources.ts";

const [n = 10_000, r = 10, samples = 70] = process.argv.slice(2).map(Number);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");

function reading(t: number): StatsReading {
  const services = [];
  for (let i = 0; i < n; i++) {
    const dests = [];
    for (let j = 0; j < r; j++) {
      const c = t * (j + 1);
      dests.push({
        key: `10.${(i >> 8) & 255}.${i & 255}.${j + 10}:8080`,
        activeConns: j,
        inactiveConns: 1,
        weight: 1,
        counters: { conns: c, inPkts: 10 * c, outPkts: 9 * c, inBytes: 1000 * c, outBytes: 9000 * c },
      });
    }
    services.push({ key: `tcp 10.${100 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}:80`, counters: { conns: t, inPkts: t, outPkts: t, inBytes: t, outBytes: t }, dests });
  }
  return { services };
}

const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};

const base = heapMb();
const mode = process.argv[5] ?? "both";
if (mode !== "table") {
  // the sampler until now: every RateSample kept (history of 60, each with its `previous`)
  let prev: RateSample | null = null;
  const history: RateSample[] = [];
  for (let t = 0; t < samples; t++) {
    prev = computeSample(prev, { wallMs: Date.now(), monoMs: t * 1000, reading: reading(t) });
    history.push(prev);
    if (history.length > 60) history.splice(0, history.length - 60);
  }
  const withHistory = heapMb() - base;
  history.length = 0;
  const oneSample = heapMb() - base;
  console.log(`computeSample, 60-sample history: ${withHistory.toFixed(0)} MB of heap; the last sample alone (it holds its previous): ${oneSample.toFixed(0)} MB`);
  prev = null;
}
const base2 = heapMb();
const table = new CounterTable();
for (let t = 0; t < samples; t++) {
  const u = readingUpdate(reading(t));
  table.begin(Date.now(), t * 1000);
  u(table);
  table.end();
}
console.log(`counter table: ${(heapMb() - base2).toFixed(0)} MB of heap (${table.dst.cap.toLocaleString("en")} real-server slots)`);
