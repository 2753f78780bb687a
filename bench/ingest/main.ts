/**
 * Ingest benchmark: N simulated directors x S services x R real servers at 1 Hz against one
 * console (handleSamples + telemetry store) on this machine. Prints the console's CPU in cores,
 * samples dropped (sent minus stored) and the lag from sample timestamp to hub publish (what the
 * live tRPC subscription forwards), plus the same lag seen by one live viewer after projection.
 *
 *   pnpm --filter @shoal/bench ingest
 *   DIRECTORS=10 SECONDS=20 pnpm --filter @shoal/bench ingest   # smaller
 */
import { fork, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { shapeFromEnv } from "./shape.ts";

const shape = shapeFromEnv();
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const execArgv = ["--import", "tsx"];

function once<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { type: string }) => {
      if (m.type === type) {
        child.off("message", on);
        resolve(m as T);
      }
    };
    child.on("message", on);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

console.log(
  `ingest: ${shape.directors} directors x ${shape.services} services x ${shape.dests} real servers at 1 Hz ` +
    `(${(shape.directors * shape.services * (shape.dests + 1)).toLocaleString("en")} series/s), ${shape.seconds} s measured after ${shape.warmupSeconds} s warm-up`,
);
// PROFILE=dir writes a V8 CPU profile of the console process there (open in Chrome DevTools).
// SERVER_NODE_ARGS="--trace-gc" and the like go to the console process only.
const extra = (process.env.SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
const serverArgv = [...execArgv, ...extra, ...(process.env.PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.PROFILE}`] : [])];
const server = fork(here("./server.ts"), [], { execArgv: serverArgv, env: process.env });
const { port } = await once<{ port: number }>(server, "listening");

// The browser viewer: viewer-page.ts bundled for Chromium. esbuild comes with tsx (already the
// bench's runner), resolved from there rather than added as one more dependency.
const esbuild = createRequire(createRequire(import.meta.url).resolve("tsx"))("esbuild") as typeof import("esbuild");
const bundle = await esbuild.build({
  entryPoints: [here("./viewer-page.ts")],
  // uplot is the telemetry package's dependency (the console's charts), not the bench's.
  nodePaths: [here("../../packages/telemetry/node_modules")],
  bundle: true,
  write: false,
  format: "iife",
  target: "chrome120",
  minify: true,
});
server.send({ type: "page", script: bundle.outputFiles[0]!.text });
await once(server, "page-ready");
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const browser = await chromium.launch({ executablePath: process.env.SHOAL_CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
const page = await browser.newPage();
page.on("pageerror", (e) => console.error(`viewer page error: ${e.message}`));
await page.goto(`http://127.0.0.1:${port}/`);

const loaders: ChildProcess[] = [];
const per = Math.ceil(shape.directors / shape.loaders);
for (let i = 0; i < shape.loaders; i++) {
  const from = i * per;
  const to = Math.min(shape.directors, from + per);
  if (from >= to) break;
  const l = fork(here("./loader.ts"), [String(from), String(to), String(port)], { execArgv, env: process.env });
  loaders.push(l);
}
await Promise.all(loaders.map((l) => once(l, "ready")));

await sleep(shape.warmupSeconds * 1000);
server.send({ type: "start-measuring" });
await page.evaluate(() => window.__bench.reset());
await sleep(shape.seconds * 1000);
server.send({ type: "report" });
const browserSide = await page.evaluate(() => ({ lags: window.__bench.lags, messages: window.__bench.messages, bytes: window.__bench.bytes, errors: window.__bench.errors }));
await browser.close();
type Report = {
  cores: number;
  cpuSeconds: number;
  loopDelayMs: { p99: number; max: number };
  wall: number;
  storedTotal: number;
  storedWindow: number;
  rejected: number;
  duplicates: number;
  rollupRowsWritten: number;
  pendingMinutes: number;
  lag: { p50: number; p95: number; p99: number; max: number; n: number };
  viewerLag: { p50: number; p95: number; p99: number; max: number; n: number };
  viewerBytesPerSecond: number;
  handlingMs: { p50: number; p95: number; max: number };
  rssMiB: number;
  maxTransactionMs: number;
};
const report = await once<Report>(server, "report");
for (const l of loaders) l.send({ type: "stop" });
const done = await Promise.all(
  loaders.map((l) => once<{ sampled: number; sent: number; ok: number; failures: Record<string, number>; cpuSeconds: number; waitMs: number[]; roundTripMs: number[] }>(l, "done")),
);
// Every answered POST is in by now; count what the console stored over the whole run.
server.send({ type: "report" });
const final = await once<Report>(server, "report");
server.send({ type: "stop" });

const sampled = done.reduce((a, d) => a + d.sampled, 0);
const sent = done.reduce((a, d) => a + d.sent, 0);
const ok = done.reduce((a, d) => a + d.ok, 0);
const failures: Record<string, number> = {};
for (const d of done) for (const [k, v] of Object.entries(d.failures)) failures[k] = (failures[k] ?? 0) + v;

const f = (n: number | null, d = 0) => (n === null || Number.isNaN(n) ? "n/a" : n.toLocaleString("en", { maximumFractionDigits: d, minimumFractionDigits: d }));
const perSampleMs = (report.cpuSeconds * 1000) / report.storedWindow;
console.log(
  `console CPU: ${f(report.cores, 2)} cores measured over ${f(report.wall, 1)} s (JSON parse, validation, rings, hub, one live viewer, 1 min rollups to SQLite: ${f(final.rollupRowsWritten)} rows written)`,
);
console.log(
  `  = ${f(perSampleMs, 2)} ms CPU per director-sample (${f(report.storedWindow)} stored in the window) -> ${f((perSampleMs * shape.directors) / 1000, 2)} cores at the full ${shape.directors} samples/s`,
);
console.log(
  `dropped: ${f(sampled - final.storedTotal)} of ${f(sampled)} samples taken (${f(sent)} sent incl. retries, ${f(ok)} answered 200, ${f(final.rejected)} rejected, ${f(final.duplicates)} duplicates)`,
);
if (Object.keys(failures).length) console.log(`failures: ${JSON.stringify(failures)}`);
console.log(
  `lag sample -> hub publish: p50 ${f(report.lag.p50)} ms, p95 ${f(report.lag.p95)} ms, p99 ${f(report.lag.p99)} ms, max ${f(report.lag.max)} ms (${f(report.lag.n)} samples)`,
);
console.log(
  `lag sample -> live message serialized in the console: p50 ${f(report.viewerLag.p50)} ms, p95 ${f(report.viewerLag.p95)} ms, max ${f(report.viewerLag.max)} ms; ${f(report.viewerBytesPerSecond / 1024)} KiB/s`,
);
console.log(
  `console handling per POST (body in -> stored and published): p50 ${f(report.handlingMs.p50, 1)} ms, p95 ${f(report.handlingMs.p95, 1)} ms, max ${f(report.handlingMs.max, 1)} ms`,
);
const bl = [...browserSide.lags].sort((a, b) => a - b);
const bq = (q: number) => (bl.length ? bl[Math.min(bl.length - 1, Math.floor(q * bl.length))]! : NaN);
console.log(
  `lag sample (agent clock) -> uPlot chart drawn in Chromium (SSE, LiveSeries, setData): p50 ${f(bq(0.5))} ms, p95 ${f(bq(0.95))} ms, max ${f(bl.length ? bl[bl.length - 1]! : NaN)} ms ` +
    `(${f(bl.length)} samples of cluster 0's 2 directors, ${f(browserSide.messages)} SSE messages, ${f(browserSide.bytes / shape.seconds / 1024)} KiB/s, ${browserSide.errors} stream errors)`,
);
const loaderCpu = done.reduce((a, d) => a + d.cpuSeconds, 0);
const runSeconds = shape.seconds + shape.warmupSeconds;
// Whole run (warm-up included): how long samples waited in the loaders before their POST left,
// and POST round trips. Lag the console did not cause shows here.
const q = (a: number[], p: number) => {
  if (!a.length) return NaN;
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
const waits = done.flatMap((d) => d.waitMs);
const trips = done.flatMap((d) => d.roundTripMs);
console.log(
  `loader side, whole run: sample -> its POST issued p50 ${f(q(waits, 0.5))} ms, p95 ${f(q(waits, 0.95))} ms, max ${f(q(waits, 1))} ms; POST round trip p50 ${f(q(trips, 0.5))} ms, p95 ${f(q(trips, 0.95))} ms, max ${f(q(trips, 1))} ms`,
);
console.log(
  `load generators (${loaders.length} separate processes) used ${f(loaderCpu, 1)} CPU-seconds over the ~${runSeconds} s run (~${f(loaderCpu / runSeconds, 2)} cores), on the same CPUs as the console`,
);
console.log(`console event loop delay: p99 ${f(report.loopDelayMs.p99)} ms, max ${f(report.loopDelayMs.max)} ms; longest SQLite transaction ${f(final.maxTransactionMs)} ms`);
console.log(
  `console RSS ${f(report.rssMiB)} MiB (raw window ${shape.rawSeconds} s within the 1 GiB raw budget); load average ${loadavg()
    .map((x) => f(x, 2))
    .join(" ")} on ${(await import("node:os")).cpus().length} CPUs`,
);
process.exit(0);
