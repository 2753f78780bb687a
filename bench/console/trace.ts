// One traced cold load of the services page (same seed and console as main.ts), summarised: where
// the renderer's main thread spends its time from navigation start to the table being ready.
//   pnpm --filter @shoal/bench exec tsx console/trace.ts [--out trace.json]
// Not a figure to compare (tracing slows the page); it says WHICH work to cut.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { createDb, migrateDeploy } from "@shoal/db";
import { seedBulk } from "@shoal/db/seed";

const { values } = parseArgs({ options: { out: { type: "string" }, runs: { type: "string" } } });
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const consoleDir = resolve(process.env.SHOAL_CONSOLE_DIR ?? join(root, "apps/console"));
const dir = mkdtempSync(join(tmpdir(), "shoal-trace-console-"));
const file = join(dir, "bench.db");
const port = await new Promise<number>((ok) => {
  const s = createServer();
  s.listen(0, "127.0.0.1", () => {
    const { port } = s.address() as { port: number };
    s.close(() => ok(port));
  });
});
await migrateDeploy({ db: file });
const db = createDb(file);
const clusterId = await seedBulk(db, 1000, 10);
await db.$disconnect();
const child = spawn(process.execPath, [join(consoleDir, "scripts/start.mjs")], {
  env: { ...process.env, SHOAL_DATABASE: file, SHOAL_HOST: "127.0.0.1", SHOAL_PORT: String(port) },
  stdio: ["ignore", "pipe", "inherit"],
});
try {
  const link = await new Promise<string>((ok) => {
    let out = "";
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /(http:\/\/\S+\/setup\?token=[A-Za-z0-9_-]+)/.exec(out);
      if (m) ok(m[1]!);
    });
  });
  const base = `http://127.0.0.1:${port}`;
  const res = await fetch(`${base}/api/trpc/setup.createAdmin`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: new URL(link).searchParams.get("token"), username: "bench", password: "bench password 1" }),
  });
  const [name, value] = (res.headers.get("set-cookie") ?? "").split(";")[0]!.split("=") as [string, string];
  const browser = await chromium.launch({
    executablePath: process.env.SHOAL_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const url = `${base}/c/${clusterId}/services`;
  const runs = Number(values.runs ?? 2);
  for (let i = 0; i < runs; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await ctx.addCookies([{ name, value, url: base }]);
    const p = await ctx.newPage();
    const traced = i === runs - 1; // the first load warms the server's routes
    const cdp = traced ? await ctx.newCDPSession(p) : undefined;
    if (cdp) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
      await cdp.send("Profiler.start");
    }
    if (traced) await browser.startTracing(p, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink.user_timing"] });
    await p.goto(url, { waitUntil: "commit" });
    await p.locator('[data-testid="services-table"][data-ready]').waitFor();
    await p.waitForTimeout(300);
    if (!traced) {
      await ctx.close();
      continue;
    }
    const buf = await browser.stopTracing();
    const { profile } = (await cdp!.send("Profiler.stop")) as { profile: Profile };
    profileSummary(profile);
    if (values.out) writeFileSync(values.out, buf);
    summarise(JSON.parse(buf.toString()) as { traceEvents: TraceEvent[] });
    await ctx.close();
  }
  await browser.close();
} finally {
  child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string; frame?: string; name?: string; functionName?: string }; name?: string };
}

function summarise({ traceEvents: ev }: { traceEvents: TraceEvent[] }) {
  const threadName = new Map<string, string>();
  for (const e of ev) if (e.ph === "M" && e.name === "thread_name") threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? "");
  const nav = ev.find((e) => e.name === "navigationStart" || e.name === "NavigationBodyLoader::StartLoadingBody") ?? ev.find((e) => e.name === "ResourceSendRequest");
  const t0 = nav?.ts ?? 0;
  const ready = ev.find((e) => e.name === "shoal:services-ready")?.ts;
  const hydrated = ev.find((e) => e.name === "shoal:hydrated")?.ts;
  // The renderer main thread with the most top-level work.
  const busy = new Map<string, number>();
  for (const e of ev)
    if (e.ph === "X" && e.name === "RunTask" && threadName.get(`${e.pid}:${e.tid}`) === "CrRendererMain")
      busy.set(`${e.pid}:${e.tid}`, (busy.get(`${e.pid}:${e.tid}`) ?? 0) + (e.dur ?? 0));
  const main = [...busy.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const end = ready ?? Infinity;
  const on = ev.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === "X" && e.ts >= t0 && e.ts <= end);
  const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`;
  console.log(`marks from navigation: hydrated ${hydrated ? ms(hydrated - t0) : "?"}, ready ${ready ? ms(ready - t0) : "?"}`);
  const tasks = on.filter((e) => e.name === "RunTask");
  console.log(
    `main thread busy ${ms(tasks.reduce((n, e) => n + (e.dur ?? 0), 0))} in ${tasks.length} tasks; longest: ${tasks
      .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
      .slice(0, 8)
      .map((e) => `${ms(e.ts - t0)}+${ms(e.dur ?? 0)}`)
      .join(", ")}`,
  );
  const by = new Map<string, number>();
  for (const e of on) {
    if (e.name === "RunTask") continue;
    const key = e.name === "EvaluateScript" || e.name === "v8.compile" || e.name === "v8.run" ? `${e.name} ${(e.args?.data?.url ?? "").split("/").pop()}` : e.name;
    by.set(key, (by.get(key) ?? 0) + (e.dur ?? 0));
  }
  for (const [k, d] of [...by.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${ms(d).padStart(7)}  ${k}`);
}

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** JavaScript self time by script and by function (minified names: the script says whose code it is). */
function profileSummary(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byUrl = new Map<string, number>();
  const byFn = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const url = f.url.split("/").pop() || `(${f.functionName || "program"})`;
    byUrl.set(url, (byUrl.get(url) ?? 0) + dt);
    const fn = `${url} ${f.functionName}:${f.lineNumber}:${f.columnNumber}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + dt);
  });
  const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`;
  console.log("JS self time by script:");
  for (const [k, d] of [...byUrl.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log(`  ${ms(d).padStart(7)}  ${k}`);
  console.log("by function:");
  for (const [k, d] of [...byFn.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${ms(d).padStart(7)}  ${k}`);
}
