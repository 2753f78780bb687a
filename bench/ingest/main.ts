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
await sleep(shape.seconds * 1000);
server.send({ type: "report" });
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
  lag: { p50: number; p99: number; max: number; n: number };
  viewerLag: { p50: number; p99: number; max: number; n: number };
  viewerBytesPerSecond: number;
  rssMiB: number;
  maxTransactionMs: number;
};
const report = await once<Report>(server, "report");
for (const l of loaders) l.send({ type: "stop" });
const done = await Promise.all(loaders.map((l) => once<{ sampled: number; sent: number; ok: number; failures: Record<string, number>; cpuSeconds: number }>(l, "done")));
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
console.log(`console CPU: ${f(report.cores, 2)} cores measured over ${f(report.wall, 1)} s (JSON parse, validation, rings, hub, one live viewer, 1 min rollups to SQLite: ${f(final.rollupRowsWritten)} rows written)`);
console.log(`  = ${f(perSampleMs, 2)} ms CPU per director-sample (${f(report.storedWindow)} stored in the window) -> ${f((perSampleMs * shape.directors) / 1000, 2)} cores at the full ${shape.directors} samples/s`);
console.log(`dropped: ${f(sampled - final.storedTotal)} of ${f(sampled)} samples taken (${f(sent)} sent incl. retries, ${f(ok)} answered 200, ${f(final.rejected)} rejected, ${f(final.duplicates)} duplicates)`);
if (Object.keys(failures).length) console.log(`failures: ${JSON.stringify(failures)}`);
console.log(`lag sample -> hub publish: p50 ${f(report.lag.p50)} ms, p99 ${f(report.lag.p99)} ms, max ${f(report.lag.max)} ms (${f(report.lag.n)} samples)`);
console.log(
  `lag sample -> live viewer message: p50 ${f(report.viewerLag.p50)} ms, p99 ${f(report.viewerLag.p99)} ms, max ${f(report.viewerLag.max)} ms; ${f(report.viewerBytesPerSecond / 1024)} KiB/s to that viewer`,
);
const loaderCpu = done.reduce((a, d) => a + d.cpuSeconds, 0);
console.log(`load generators used ${f(loaderCpu, 1)} CPU-seconds over the whole run, on the same 2 CPUs as the console`);
console.log(`console event loop delay: p99 ${f(report.loopDelayMs.p99)} ms, max ${f(report.loopDelayMs.max)} ms; longest SQLite transaction ${f(final.maxTransactionMs)} ms`);
console.log(`console RSS ${f(report.rssMiB)} MiB (raw window ${shape.rawSeconds} s within the 1 GiB raw budget); load average ${loadavg().map((x) => f(x, 2)).join(" ")} on ${(await import("node:os")).cpus().length} CPUs`);
process.exit(0);
