/**
 * The console side of the ingest benchmark, in its own process so its CPU is measured alone:
 * handleSamples behind node:http, the telemetry store with its SQLite file, and one live viewer
 * (liveStream, serialized as the SSE transport would) on a cluster. Talks to main.ts over IPC.
 */
import { createServer } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { handleSamples, liveStream, Telemetry, toNodeListener, writeStats } from "@shoal/telemetry";
import { clusterId, directorId, shapeFromEnv, token } from "./shape.ts";

const shape = shapeFromEnv();
const dir = mkdtempSync(join(tmpdir(), "shoal-bench-ingest-"));
const tel = new Telemetry({ databasePath: join(dir, "telemetry.db"), rawWindowSeconds: shape.rawSeconds });
tel.start(2_000);

const tokens = new Map<string, { directorId: string; clusterId: string }>();
for (let d = 0; d < shape.directors; d++) tokens.set(token(d), { directorId: directorId(d), clusterId: clusterId(d) });

// Lag per stored sample: agent timestamp -> published on the hub (what every viewer then gets).
let measuring = false;
const lags: number[] = [];
let stored = 0;
tel.hub.tap((e) => {
  if (e.type !== "sample") return;
  stored++;
  if (measuring) lags.push(e.publishedAt - e.frame.agentT);
});

// One viewer, through the projection and JSON an SSE stream would carry.
const viewerLags: number[] = [];
let viewerBytes = 0;
const ac = new AbortController();
void (async () => {
  for await (const m of liveStream(tel.hub, { clusterId: clusterId(0), signal: ac.signal })) {
    const text = JSON.stringify(m);
    viewerBytes += text.length;
    if (measuring && m.type === "sample") viewerLags.push(Date.now() - m.agentT);
  }
})();

// Console time per POST once its body is in (parse, validate, store, publish): the part of the
// lag that is the console's own, as opposed to queueing in the loaders, the network or the CPU.
const handling: number[] = [];
const samples = toNodeListener(async (req) => {
  const t0 = performance.now();
  const res = await handleSamples(req, async (t) => tokens.get(t) ?? null, tel);
  if (measuring) handling.push(performance.now() - t0);
  return res;
});
// The browser viewer (viewer-page.ts, bundled by main.ts): its page, and cluster 0's live stream
// as SSE, one event per message, serialized as the tRPC SSE transport does (JSON per event).
let pageScript = "";
const server = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><meta charset="utf-8"><div id="charts"></div><script>${pageScript.replace(/<\/script/gi, "<\\/script")}</script>`);
    return;
  }
  if (req.method === "GET" && req.url === "/live") {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
    const stop = new AbortController();
    req.on("close", () => stop.abort());
    void (async () => {
      for await (const m of liveStream(tel.hub, { clusterId: clusterId(0), signal: stop.signal })) res.write(`data: ${JSON.stringify(m)}\n\n`);
    })();
    return;
  }
  samples(req, res);
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => {
  process.send!({ type: "listening", port: (server.address() as AddressInfo).port });
});

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
let mark = { cpu: process.cpuUsage(), wall: performance.now(), stored: 0 };

function pct(a: number[], p: number): number {
  if (!a.length) return NaN;
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

process.on("message", async (msg: { type: string; script?: string }) => {
  if (msg.type === "page") {
    pageScript = msg.script!;
    process.send!({ type: "page-ready" });
  } else if (msg.type === "start-measuring") {
    measuring = true;
    mark = { cpu: process.cpuUsage(), wall: performance.now(), stored };
    lags.length = 0;
    viewerLags.length = 0;
    handling.length = 0;
    loop.reset();
  } else if (msg.type === "report") {
    const cpu = process.cpuUsage(mark.cpu);
    const wall = (performance.now() - mark.wall) / 1000;
    process.send!({
      type: "report",
      cores: (cpu.user + cpu.system) / 1e6 / wall,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      loopDelayMs: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      wall,
      storedTotal: stored,
      storedWindow: stored - mark.stored,
      rejected: tel.stats.rejected,
      duplicates: tel.stats.duplicates,
      rollupRowsWritten: tel.stats.rollupRowsWritten,
      pendingMinutes: tel.pending.length,
      lag: { p50: pct(lags, 50), p95: pct(lags, 95), p99: pct(lags, 99), max: lags.length ? Math.max(...lags) : NaN, n: lags.length },
      viewerLag: { p50: pct(viewerLags, 50), p95: pct(viewerLags, 95), p99: pct(viewerLags, 99), max: viewerLags.length ? Math.max(...viewerLags) : NaN, n: viewerLags.length },
      viewerBytesPerSecond: viewerBytes / wall,
      handlingMs: { p50: pct(handling, 50), p95: pct(handling, 95), max: handling.length ? Math.max(...handling) : NaN },
      rssMiB: process.memoryUsage().rss / 2 ** 20,
      maxTransactionMs: writeStats.maxTransactionMs,
    });
  } else if (msg.type === "stop") {
    ac.abort();
    server.close();
    server.closeAllConnections();
    await tel.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }
});
