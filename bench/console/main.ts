// Console speed as an operator feels it, against the BUILT console (`next start`) on a real SQLite
// file seeded with 1,000 virtual services x 10 real servers:
//   - the services page, cold browser (fresh context: empty cache, no cookies but the session),
//     from navigation start until rows are on screen, the whole list is loaded and a search in the
//     filter box finds the last service (target <= 1.5 s);
//   - the API answering the list over HTTP (virtualService.list, the page's own call; target <= 100 ms).
//   pnpm --filter @shoal/bench console [--services N] [--real-servers N] [--runs N]
// Needs a built console (scripts/test.d/20-e2e.sh or `pnpm turbo run build --filter=@shoal/console`).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { createDb, migrateDeploy } from "@shoal/db";
import { seedBulk } from "@shoal/db/seed";

const { values } = parseArgs({ options: { services: { type: "string" }, "real-servers": { type: "string" }, runs: { type: "string" } } });
const services = Number(values.services ?? 1000);
const realServers = Number(values["real-servers"] ?? 10);
const runs = Number(values.runs ?? 7);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// A/B: SHOAL_CONSOLE_DIR points at another built copy of apps/console (e.g. an old build copied
// aside with its node_modules linked), so two builds can be measured alternately in the same minutes.
const consoleDir = resolve(process.env.SHOAL_CONSOLE_DIR ?? join(root, "apps/console"));
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

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), p95: at(0.95), max: s.at(-1)! };
}
const fmt = (x: { median: number; p95: number; max: number }) => `median ${x.median.toFixed(0)} ms, p95 ${x.p95.toFixed(0)} ms, max ${x.max.toFixed(0)} ms`;

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

/** Starts the built console and resolves with the setup link it prints on stdout. */
function startConsole(db: string, port: number): Promise<{ child: ChildProcess; setupLink: string }> {
  const child = spawn(process.execPath, [join(consoleDir, "scripts/start.mjs")], {
    env: { ...process.env, SHOAL_DATABASE: db, SHOAL_HOST: "127.0.0.1", SHOAL_PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((ok, fail) => {
    let out = "";
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /(http:\/\/\S+\/setup\?token=[A-Za-z0-9_-]+)/.exec(out);
      if (m) ok({ child, setupLink: m[1]! });
    });
    child.on("exit", (code) => fail(new Error(`console exited (${code}):\n${out}`)));
  });
}

async function trpc(base: string, cookie: string, path: string, input: unknown, method: "GET" | "POST" = "GET") {
  const url = method === "GET" ? `${base}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}` : `${base}/api/trpc/${path}`;
  const res = await fetch(url, {
    method,
    headers: { cookie, "content-type": "application/json" },
    body: method === "POST" ? JSON.stringify(input) : undefined,
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return { res, body: (await res.json()) as { result: { data: unknown } } };
}

if (!existsSync(join(consoleDir, ".next/BUILD_ID"))) {
  console.error("build the console first: pnpm turbo run build --filter=@shoal/console");
  process.exit(2);
}

const loadBefore = loadavg();
const dir = mkdtempSync(join(tmpdir(), "shoal-bench-console-"));
const file = join(dir, "bench.db");
let server: ChildProcess | undefined;
try {
  await migrateDeploy({ db: file });
  const db = createDb(file);
  const clusterId = await seedBulk(db, services, realServers);
  await db.$disconnect();
  console.log(`seeded ${services} virtual services x ${realServers} real servers`);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = await startConsole(file, port);
  server = started.child;
  const token = new URL(started.setupLink).searchParams.get("token")!;
  const { res } = await trpc(base, "", "setup.createAdmin", { token, username: "bench", password: "bench password 1" }, "POST");
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;

  // API: the exact call the services page makes (one page of up to 1,000 rows), over HTTP.
  const input = { clusterId, offset: 0, limit: 1000 };
  for (let i = 0; i < 3; i++) await trpc(base, cookie, "virtualService.list", input); // warm-up
  const api: number[] = [];
  let rows = 0;
  for (let i = 0; i < Math.max(runs, 20); i++) {
    const t = performance.now();
    const { body } = await trpc(base, cookie, "virtualService.list", input);
    api.push(performance.now() - t);
    rows = (body.result.data as { items: unknown[] }).items.length;
  }

  // Browser: a fresh context per run (cold cache); the server is warmed once so the figure is the
  // page's, not the first request's route compilation.
  const browser = await chromium.launch({ executablePath: process.env.SHOAL_CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const [name, value] = cookie.split("=") as [string, string];
  const url = `${base}/c/${clusterId}/services`;
  const page: number[] = [];
  const firstByte: number[] = [];
  const firstRows: number[] = [];
  const dcl: number[] = [];
  const hydrated: number[] = [];
  const tableReady: number[] = [];
  const filterMs: number[] = [];
  const inPage: number[] = [];
  const harnessStep: number[] = [];
  const longEnd: number[] = [];
  const scriptsIn: number[] = [];
  const listIn: number[] = [];
  const lastName = `svc${services - 1}`;
  // What the page costs the browser: every script it loads (the route's production bundle) and the
  // HTML (server-rendered rows plus the RSC payload that hydration parses).
  const scripts = new Map<string, number>();
  let htmlBytes = 0;
  let requests = 0;
  let rscRequests = 0; // Link prefetches and client navigations (?_rsc=)
  for (let i = 0; i <= runs; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await ctx.addCookies([{ name, value, url: base }]);
    // Stamps the first keystroke in the filter (browser clock) without a round trip mid-run.
    // ... and when the main thread was last busy (long tasks, > 50 ms), as TTI counts it.
    await ctx.addInitScript(
      `new PerformanceObserver((l) => { for (const e of l.getEntries()) (window.__shoalLong ??= []).push([e.startTime, e.duration]); }).observe({ type: "longtask", buffered: true })`,
    );
    await ctx.addInitScript(`document.addEventListener("input", (e) => { if (e.target?.dataset?.testid === "services-filter") window.__shoalInput ??= performance.now(); }, true)`);
    const p = await ctx.newPage();
    if (i === 0) {
      p.on("request", (r) => {
        requests++;
        if (r.url().includes("_rsc=")) rscRequests++;
      });
      p.on("response", (r) => {
        const type = r.request().resourceType();
        if (type !== "script" && type !== "document") return;
        void r.body().then(
          (b) => {
            if (type === "script") scripts.set(r.url(), b.length);
            else if (r.url() === url) htmlBytes = b.length;
          },
          () => undefined,
        );
      });
    }
    const t = performance.now();
    await p.goto(url, { waitUntil: "commit" });
    const tCommit = performance.now() - t;
    await p.getByTestId("service-row").first().waitFor();
    const tRows = performance.now() - t;
    // Interactive: hydrated with the whole list, and a keystroke in the filter finds the LAST
    // service (never in the server-rendered first screen) and nothing else of the list.
    await p.locator('[data-testid="services-table"][data-ready]').waitFor();
    await p.getByTestId("services-filter").fill(lastName);
    await p.waitForFunction((name) => {
      const rows = [...document.querySelectorAll('[data-testid="service-row"]')];
      return rows.length > 0 && rows.length < 20 && rows.some((r) => r.querySelectorAll("td")[1]?.textContent === name);
    }, lastName);
    const elapsed = performance.now() - t;
    // In-page marks, from the browser's navigation start: React hydrated, table ready (whole list).
    // (A string, not a function: tsx would wrap a nested function in a __name helper the page lacks.)
    const marks = await p.evaluate<{ dcl: number; hydrated: number; ready: number; longEnd: number; filtered: number; scripts: number; list: number }>(`({
      dcl: performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd,
      hydrated: performance.getEntriesByName("shoal:hydrated")[0]?.startTime ?? NaN,
      ready: performance.getEntriesByName("shoal:services-ready")[0]?.startTime ?? NaN,
      longEnd: Math.max(0, ...(window.__shoalLong ?? []).filter(([s]) => s < window.__shoalInput).map(([s, d]) => s + d)),
      filtered: (performance.getEntriesByName("shoal:services-filtered").at(-1)?.startTime ?? NaN) - window.__shoalInput,
      scripts: Math.max(0, ...performance.getEntriesByType("resource").filter((r) => r.initiatorType === "script").map((r) => r.responseEnd)),
      list: performance.getEntriesByType("resource").find((r) => r.name.includes("virtualService.list"))?.responseEnd ?? NaN,
    })`);
    // The harness's own cost: the same fill + check again, on the now idle page.
    const t2 = performance.now();
    await p.getByTestId("services-filter").fill("no-such-service");
    await p.waitForFunction(() => document.querySelectorAll('[data-testid="service-row"]').length === 0);
    const idleStep = performance.now() - t2;
    if (i > 0) {
      harnessStep.push(idleStep);
      page.push(elapsed);
      firstByte.push(tCommit);
      firstRows.push(tRows);
      dcl.push(marks.dcl);
      hydrated.push(marks.hydrated);
      tableReady.push(marks.ready);
      filterMs.push(marks.filtered);
      // Interactive once the table is ready AND the main thread is free (no long task running).
      inPage.push(Math.max(marks.ready, marks.longEnd) + marks.filtered);
      longEnd.push(marks.longEnd);
      scriptsIn.push(marks.scripts);
      listIn.push(marks.list);
    }
    await ctx.close();
  }
  await browser.close();

  const loadAfter = loadavg();
  const a = stats(api);
  const b = stats(inPage);
  const h = stats(page);
  // The target is judged in the page (browser clock from navigation start): rows on screen, React
  // hydrated, the whole list loaded, plus the measured time one keystroke takes to filter it.
  // The harness figure adds Playwright's polling and round trips to a loaded machine's browser.
  console.log(
    `services page interactive, cold browser (${services} services, ${runs} runs; in the page: table ready with every row and main thread free + one filter keystroke): ${fmt(b)}  [target <= 1500 ms: ${b.median <= 1500 ? "met" : "MISSED"}]`,
  );
  console.log(
    `  as the harness saw it (goto -> the filter found the last service, incl. Playwright round trips): ${fmt(h)}  [target <= 1500 ms: ${h.median <= 1500 ? "met" : "MISSED"}]`,
  );
  console.log(`  harness: one fill + check on the idle page costs ${fmt(stats(harnessStep))}; response started ${fmt(stats(firstByte))}; rows on screen ${fmt(stats(firstRows))}`);
  // The console's one Node process serves the scripts and answers the list: both queue on it.
  console.log(
    `  in the page (from navigation start, medians): last script downloaded ${stats(scriptsIn).median.toFixed(0)} ms; list downloaded ${stats(listIn).median.toFixed(0)} ms; DOMContentLoaded ${stats(dcl).median.toFixed(0)} ms; React hydrated ${stats(hydrated).median.toFixed(0)} ms; table ready with all ${services} rows ${stats(tableReady).median.toFixed(0)} ms; last long task before the keystroke ended ${stats(longEnd).median.toFixed(0)} ms; keystroke to filtered table ${stats(filterMs).median.toFixed(0)} ms`,
  );
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  const js = [...scripts.entries()].sort((x, y) => y[1] - x[1]);
  console.log(
    `  page weight: ${requests} requests until interactive (${rscRequests} RSC prefetches); HTML ${kb(htmlBytes)}; JavaScript ${kb(js.reduce((n, [, b]) => n + b, 0))} in ${js.length} files (uncompressed; largest ${js
      .slice(0, 3)
      .map(([u, b]) => `${u.split("/").pop()} ${kb(b)}`)
      .join(", ")})`,
  );
  console.log(`API virtualService.list over HTTP (${rows} rows): ${fmt(a)}  [target <= 100 ms: ${a.median <= 100 ? "met" : "MISSED"}]`);
  // Browser, server and harness share the machine's cores: a busy machine moves every figure.
  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
  console.log(
    `  console: ${consoleDir}; machine: ${cpus().length} cores; load average (1/5/15 min) ${la(loadBefore)} at start, ${la(loadAfter)} at end; ${new Date().toISOString().slice(0, 16)}Z`,
  );
} finally {
  server?.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
