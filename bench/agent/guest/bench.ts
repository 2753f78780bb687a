// The agent kernel benchmark, run INSIDE one lab guest (bench/agent/run.sh boots it).
// Every contender gets its own network namespace, hence its own empty IPVS table and trash list:
//   nl-N  the agent's netlink backend      ka-N  keepalived 2.2.7 -C      r-N  ipvsadm -R
// Figures are wall-clock milliseconds in this guest; ratios compare figures of the same boot.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync, readSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { renderIpvsadmRules, renderKeepalivedConf } from "../../../packages/core/src/index.ts";
import { benchCluster, rsAddr, rsPort, vip } from "./topology.ts";
import { daemonMemory, rssParts, unitEnvironment, unitNodeFlags, type DaemonResult } from "./daemon.ts";
import { worker } from "./worker.ts";

const [mode = "main", ...args] = process.argv.slice(2);

function timed(cmd: string, argv: string[], input?: string): { ms: number; code: number; out: string; err: string } {
  const t = performance.now();
  const r = spawnSync(cmd, argv, { input, encoding: "utf8", maxBuffer: 1 << 30 });
  return { ms: performance.now() - t, code: r.status ?? -1, out: r.stdout ?? "", err: r.stderr ?? "" };
}
const inNs = (ns: string, ...argv: string[]) => ["netns", "exec", ns, ...argv];
/** A command's own wall time inside a namespace, measured there by bash (no ip netns exec cost). */
function inside(ns: string, shell: string, input?: string): number {
  const r = timed("ip", inNs(ns, "bash", "-c", `s=$EPOCHREALTIME; ${shell} >/dev/null; rc=$?; e=$EPOCHREALTIME; echo "$s $e $rc"`), input);
  const [s, e, rc] = r.out.trim().split("\n").pop()!.split(" ").map(Number);
  if (rc !== 0 || s === undefined || e === undefined) throw new Error(`${shell} in ${ns}: ${r.err}`);
  return (e - s) * 1000;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
const progress = (m: string) => console.log(`.. ${m}`);
const ratio = (a: number, b: number) => (a / b).toFixed(a / b < 0.01 ? 4 : 3);

function mkns(ns: string): void {
  for (const argv of [
    ["netns", "add", ns],
    ["-n", ns, "link", "set", "lo", "up"],
    ["-n", ns, "link", "add", "d0", "type", "dummy"],
    ["-n", ns, "addr", "add", "10.255.255.1/8", "dev", "d0"],
    ["-n", ns, "link", "set", "d0", "up"],
  ]) {
    const r = spawnSync("ip", argv, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`ip ${argv.join(" ")}: ${r.stderr}`);
  }
}

const hex4 = (a: string) =>
  a
    .split(".")
    .map((x) => Number(x).toString(16).padStart(2, "0"))
    .join("")
    .toUpperCase();
const hexPort = (p: number) => p.toString(16).padStart(4, "0").toUpperCase();

/** Weight of one real server in a /proc/net/ip_vs text, undefined if not there (yet). */
function procWeight(text: string, service: string, dest: string): number | undefined {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.startsWith("TCP  ") && l.includes(service));
  if (at < 0) return undefined;
  for (let i = at + 1; i < lines.length && lines[i]!.startsWith("  ->"); i++) {
    const f = lines[i]!.trim().split(/\s+/);
    if (f[1] === dest) return Number(f[3]);
  }
  return undefined;
}

/** A /proc file read as cat reads it (big reads): readFileSync's small reads of ip_vs lose lines. */
function readProc(path: string): Buffer {
  const fd = openSync(path, "r");
  const chunks: Buffer[] = [];
  try {
    for (;;) {
      const b = Buffer.allocUnsafe(1 << 20);
      const n = readSync(fd, b, 0, b.length, null);
      if (n <= 0) break;
      chunks.push(b.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return Buffer.concat(chunks);
}
const countLines = (path: string) => {
  const b = readProc(path);
  let n = 0;
  for (let i = 0; i < b.length; i++) if (b[i] === 10) n++;
  return n;
};

interface KaResult {
  startMs: number;
  reloadMs: number;
  linesAtStart: number;
  wantLines: number;
  reloadSeenBy: string;
  rssMb: number;
  processes: number;
  parts: ReturnType<typeof rssParts>;
}

/** VmRSS in MB of a process and its children (keepalived's parent and its checker child). */
function treeRssMb(pid: number): { mb: number; processes: number; parts: ReturnType<typeof rssParts> } {
  const pids = [pid];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) pids.push(Number(d));
    } catch {
      /* gone */
    }
  }
  let kb = 0;
  const parts = { fileMb: 0, brkHeapMb: 0, anonMb: 0 };
  for (const p of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
      const one = rssParts(p);
      for (const k of Object.keys(parts) as (keyof typeof parts)[]) parts[k] += one[k];
    } catch {
      /* gone */
    }
  }
  return { mb: kb / 1024, processes: pids.length, parts };
}
async function keepalived(n: number, r: number, conf: string, reconf: string): Promise<KaResult> {
  const file = `/tmp/ka-${n}.conf`;
  writeFileSync(file, conf);
  const want = 3 + n + n * r;
  const t0 = performance.now();
  const p = spawn("ip", inNs(`ka-${n}`, "keepalived", "--dont-fork", "--log-console", "--check", "-f", file, "-p", `/run/ka-${n}.pid`, "-c", `/run/ka-${n}-checkers.pid`), {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  p.stderr.on("data", (b: Buffer) => (log = (log + b.toString()).slice(-4000)));
  const proc = `/proc/${p.pid}/net/ip_vs`;
  let startMs = NaN;
  let completeAt = NaN;
  let lastLines = -1;
  let lastChange = 0;
  let lines = 0;
  let full = "";
  p.stderr.on("data", (b: Buffer) => (full += b.toString()));
  for (;;) {
    lines = 0;
    try {
      lines = countLines(proc);
    } catch {
      /* not exec'd into the namespace yet */
    }
    if (lines >= want) {
      startMs = performance.now() - t0;
      break;
    }
    if (lines !== lastLines) {
      lastLines = lines;
      lastChange = performance.now();
    }
    if (Number.isNaN(completeAt) && full.includes("Startup complete")) completeAt = performance.now() - t0;
    // keepalived says it is done but the table stopped short: record that, do not wait forever
    if (!Number.isNaN(completeAt) && performance.now() - lastChange > 30_000) {
      startMs = completeAt;
      break;
    }
    if (p.exitCode !== null || performance.now() - t0 > 900_000) {
      p.kill("SIGKILL");
      throw new Error(`keepalived did not load the table (${lines}/${want} lines): ${log}`);
    }
    if (Math.floor((performance.now() - t0) / 10_000) !== Math.floor((performance.now() - t0 - 20) / 10_000))
      progress(`keepalived: ${lines}/${want} lines; log: ${log.slice(-600)}`);
    await sleep(20);
  }
  const linesAtStart = lines;
  // keepalived's memory with the whole table loaded: parent + checker (ip netns exec execs it: same pid)
  const rss = treeRssMb(p.pid!);
  const completes = () => full.split("Startup complete").length - 1;
  const before = completes();
  let reloadSeenBy = "weight in /proc/net/ip_vs";
  writeFileSync(file, reconf);
  const svcHex = `${hex4(vip(n >> 1))}:0050`;
  const destHex = `${hex4(rsAddr(n >> 1, 1))}:${hexPort(rsPort(n >> 1))}`;
  const t1 = performance.now();
  process.kill(p.pid!, "SIGHUP");
  let reloadMs = NaN;
  for (;;) {
    if (procWeight(readProc(proc).toString("utf8"), svcHex, destHex) === 77) {
      reloadMs = performance.now() - t1;
      break;
    }
    if (linesAtStart < want && completes() > before) {
      reloadMs = performance.now() - t1;
      reloadSeenBy = "keepalived log (Startup complete)";
      break;
    }
    if (performance.now() - t1 > 300_000) {
      p.kill("SIGKILL");
      throw new Error(`keepalived reload not seen: ${log}`);
    }
    await sleep(5);
  }
  p.kill("SIGTERM");
  await new Promise((res) => p.once("exit", res));
  return { startMs, reloadMs, linesAtStart, wantLines: want, reloadSeenBy, rssMb: rss.mb, processes: rss.processes, parts: rss.parts };
}

async function main(): Promise<void> {
  const sizes = (args[0] ?? "1000").split(",").map(Number);
  const r = Number(args[1] ?? 10);
  const opsPerSend = Number(args[2] ?? 256);
  const self = process.argv[1]!;
  console.log(
    `kernel ${timed("uname", ["-r"]).out.trim()}, ${timed("ipvsadm", ["-v"]).out.trim()}, ${timed("keepalived", ["--version"]).err.split("\n")[0]}, node ${process.version}`,
  );
  for (const n of sizes) {
    const entries = n + n * r;
    console.log(`\n== ${n.toLocaleString("en")} services x ${r} real servers (${entries.toLocaleString("en")} IPVS entries), netlink ${opsPerSend} operations per send`);
    for (const ns of [`nl-${n}`, `ka-${n}`, `r-${n}`, `ag-${n}`, `ag0-${n}`]) mkns(ns);
    const cluster = benchCluster(n, r);
    const rules = renderIpvsadmRules(cluster);
    const conf = renderKeepalivedConf(cluster);
    const changed = structuredClone(cluster);
    changed.virtualServices[n >> 1]!.realServers[0]!.weight = 77;
    const reconf = renderKeepalivedConf(changed);

    // the agent: sync, reads, one change, all inside its namespace
    progress("keepalived first, while the guest holds no other table");
    const ka = await keepalived(n, r, conf, reconf);
    progress(`keepalived ${JSON.stringify(ka)}`);
    progress("agent netlink: sync, reads, one change");
    const w = timed("ip", inNs(`nl-${n}`, process.execPath, self, "worker", String(n), String(r), String(opsPerSend)));
    const res = JSON.parse(w.out.trim().split("\n").pop() ?? "{}") as Record<string, number>;
    if (!res.syncOk) throw new Error(`netlink sync failed: ${w.out} ${w.err}`);
    progress(`agent done: ${w.out.trim().split("\n").pop()}; ipvsadm -R`);
    const restoreMs = inside(`r-${n}`, "ipvsadm -R", rules);
    progress(`keepalived ${JSON.stringify(ka)}; ipvsadm -S, /proc, ipvsadm -e`);
    const save = median([0, 1, 2].map(() => inside(`nl-${n}`, "ipvsadm -S -n")));
    const listStats = median([0, 1, 2].map(() => inside(`nl-${n}`, "ipvsadm -Ln --stats --exact")));
    const proc = median([0, 1, 2].map(() => inside(`nl-${n}`, "cat /proc/net/ip_vs")));
    const edit = median([0, 1, 2].map((i) => inside(`r-${n}`, `ipvsadm -e -t ${vip(n >> 1)}:80 -r ${rsAddr(n >> 1, 1)}:${rsPort(n >> 1)} -m -w ${60 + i}`)));
    // the daemon a director runs, as configured by default (live counters at 1 Hz) and without them
    // Linux 6.1 loses records of /proc/net/ip_vs when other namespaces hold services (its
    // seq_file position counts theirs, its restart does not): the daemon would rightly distrust
    // /proc and read through netlink. A director has one table; so has the guest from here on.
    for (const ns of [`nl-${n}`, `r-${n}`, `ka-${n}`]) spawnSync("ip", inNs(ns, "ipvsadm", "-C"));
    progress("the agent daemon (shoal-agent run --revision-file), default configuration");
    const daemon = await daemonMemory(`ag-${n}`, cluster);
    spawnSync("ip", inNs(`ag-${n}`, "ipvsadm", "-C"));
    progress(`daemon ${JSON.stringify(daemon)}; again with sampleSeconds 0`);
    const quiet = await daemonMemory(`ag0-${n}`, cluster, { config: { sampleSeconds: 0 } });
    // the next size's contenders must find the guest without this table (see above)
    spawnSync("ip", inNs(`ag0-${n}`, "ipvsadm", "-C"));
    progress(`daemon ${JSON.stringify(quiet)}`);

    console.log("full sync into an empty kernel:");
    console.log(`  agent netlink apply        ${fmt(res.syncMs!).padStart(9)}  (${res.ops} operations; planning them took ${fmt(res.planMs!)})`);
    console.log(
      `  keepalived -C start        ${fmt(ka.startMs).padStart(9)}  netlink/keepalived = ${ratio(res.syncMs!, ka.startMs)}  (target <= 0.5)${ka.linesAtStart < ka.wantLines ? `  NOTE: keepalived said "Startup complete" with only ${ka.linesAtStart}/${ka.wantLines} /proc lines` : ""}`,
    );
    console.log(`  ipvsadm -R                 ${fmt(restoreMs).padStart(9)}  netlink/ipvsadm -R = ${ratio(res.syncMs!, restoreMs)}`);
    // what a director sees: keepalived's start includes reading its configuration, so the daemon's
    // is timed from spawn (node's start, the revision's parse and validation, plan, apply, status)
    console.log(
      `  agent daemon, spawn -> applied ${fmt(daemon.syncedMs).padStart(5)}  daemon/keepalived start = ${ratio(daemon.syncedMs, ka.startMs)}  (defaults, live counters on)`,
    );
    console.log(`  same, counters off         ${fmt(quiet.syncedMs).padStart(9)}  daemon/keepalived start = ${ratio(quiet.syncedMs, ka.startMs)}`);
    console.log("read the whole table:");
    const path = ["npm netlink socket", "native io_uring", "native sendmsg+recvmmsg"][res.readPath!] ?? "?";
    console.log(`  agent netlink read()       ${fmt(res.readMs!).padStart(9)}  (${path}; ${res.readRows} rows)`);
    console.log(
      `  agent plan read (/proc)    ${fmt(res.procPlanReadMs!).padStart(9)}  (readPlanView, what a reconcile reads, table parsed) proc/ipvsadm -S = ${ratio(res.procPlanReadMs!, save)}  (target <= 0.1)`,
    );
    console.log(
      `  agent plan read, unchanged ${fmt(res.procUnchangedReadMs!).padStart(9)}  (same table: fingerprint of /proc only, no parse${res.procUnchangedSeen ? "" : "; NOT seen as unchanged"}) unchanged/ipvsadm -S = ${ratio(res.procUnchangedReadMs!, save)}`,
    );
    console.log(`  ipvsadm -S -n              ${fmt(save).padStart(9)}  netlink/ipvsadm -S = ${ratio(res.readMs!, save)}  (target <= 0.1)`);
    console.log(`  agent read(), npm socket   ${fmt(res.socketReadMs!).padStart(9)}  (the fallback without the addon) socket/ipvsadm -S = ${ratio(res.socketReadMs!, save)}`);
    console.log(`  agent readWithStats()      ${fmt(res.readStatsMs!).padStart(9)}`);
    console.log(`  ipvsadm -Ln --stats --exact ${fmt(listStats).padStart(8)}  readWithStats/ipvsadm = ${ratio(res.readStatsMs!, listStats)}  (issue #5 target <= 0.1)`);
    console.log(`  cat /proc/net/ip_vs        ${fmt(proc).padStart(9)}  netlink/proc = ${ratio(res.readMs!, proc)}`);
    console.log("one weight change:");
    console.log(`  agent netlink apply        ${fmt(res.changeMs!).padStart(9)}`);
    console.log(
      `  keepalived reload (HUP)    ${fmt(ka.reloadMs).padStart(9)}  netlink/keepalived reload = ${ratio(res.changeMs!, ka.reloadMs)}  (target <= 0.02; seen by ${ka.reloadSeenBy})`,
    );
    console.log(`  one ipvsadm -e             ${fmt(edit).padStart(9)}  netlink/ipvsadm -e = ${ratio(res.changeMs!, edit)}`);
    console.log("memory (RSS):");
    console.log(
      `  bench process, synced+read ${res.rssMb!.toFixed(0).padStart(6)} MB  (peak ${res.peakRssMb!.toFixed(0)} MB)  bench/keepalived = ${ratio(res.rssMb!, ka.rssMb)}  (it also planned 110,000 operations; the daemon lines are the figure)`,
    );
    const parts = (p: KaResult["parts"]) => `files ${p.fileMb.toFixed(0)} MB, [heap] ${p.brkHeapMb.toFixed(0)} MB, other anonymous ${p.anonMb.toFixed(0)} MB`;
    console.log(`  keepalived, table loaded   ${ka.rssMb.toFixed(0).padStart(6)} MB  (${ka.processes} processes; ${parts(ka.parts)})`);
    const line = (what: string, d: DaemonResult) =>
      console.log(
        `  ${`${what} [${[...Object.entries(d.env).map(([k, v]) => `${k}=${v}`), ...d.nodeFlags].join(" ")}]`.padEnd(26)} ${d.synced.rssMb.toFixed(0).padStart(6)} MB after the sync (${fmt(d.syncedMs)} from start), ${d.idle.rssMb.toFixed(0)} MB idle (median of the last ${d.idleSeconds / 2} s of ${d.idleSeconds}, ${d.idle.minMb.toFixed(0)}-${d.idle.maxMb.toFixed(0)}; peak ${d.idle.peakMb.toFixed(0)} MB)  daemon/keepalived = ${ratio(d.idle.rssMb, ka.rssMb)}  (target <= 1); ${parts(d.parts)}; ${d.reads || "no read-path log line"}`,
      );
    line("agent daemon, defaults", daemon);
    line("agent daemon, no counters", quiet);
    console.log(
      `RESULT ${JSON.stringify({ services: n, realServers: r, opsPerSend, netlink: res, keepalived: ka, daemon, daemonNoCounters: quiet, ipvsadmRestoreMs: restoreMs, ipvsadmSaveMs: save, ipvsadmStatsMs: listStats, procMs: proc, ipvsadmEditMs: edit })}`,
    );
  }
}

if (mode === "daemon") {
  // the daemon alone under several node flag sets: bench.mjs daemon N R "FLAGS|SAMPLE_SECONDS" ...
  const [n, r] = args.slice(0, 2).map(Number);
  const cluster = benchCluster(n!, r!);
  let i = 0;
  for (const v of args.slice(2)) {
    const [flags = "", sample = ""] = v.split("|");
    // "unit": the flags and environment of packages/agent/systemd/shoal-agent.service; NAME=VALUE
    // words: environment
    const words = flags.split(" ").filter(Boolean);
    const env = Object.fromEntries([
      ...(words.includes("unit") ? Object.entries(unitEnvironment()) : []),
      ...words.filter((w) => /^[A-Z_]+=/.test(w)).map((w) => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)]),
    ]);
    const nodeFlags = words.filter((w) => !/^[A-Z_]+=/.test(w)).flatMap((w) => (w === "unit" ? unitNodeFlags() : [w]));
    mkns(`dm${i}`);
    const d = await daemonMemory(`dm${i}`, cluster, { nodeFlags, env, ...(sample ? { config: { sampleSeconds: Number(sample) } } : {}) });
    // one table in the guest at a time, or the next daemon (rightly) distrusts /proc/net/ip_vs
    spawnSync("ip", inNs(`dm${i++}`, "ipvsadm", "-C"));
    console.log(
      `daemon [${flags}] sampleSeconds ${sample || "default"}: ${d.synced.rssMb.toFixed(0)} MB synced (${fmt(d.syncedMs)}), ${d.idle.rssMb.toFixed(0)} MB idle (median, ${d.idle.minMb.toFixed(0)}-${d.idle.maxMb.toFixed(0)}), peak ${d.idle.peakMb.toFixed(0)} MB; files ${d.parts.fileMb.toFixed(0)} MB, [heap] ${d.parts.brkHeapMb.toFixed(0)} MB, other anonymous ${d.parts.anonMb.toFixed(0)} MB; ${d.reads || "no read-path log line"}`,
    );
  }
} else if (mode === "worker") {
  const [n, r, ops] = args.map(Number);
  console.log(JSON.stringify(await worker(n!, r!, ops!)));
} else await main();
