// The read paths alone, INSIDE one lab guest (bench/agent/reads.sh boots it): fills one namespace's
// table with N services x R real servers through the agent's netlink apply, then times a whole-
// table read by each of the agent's dump loops (native io_uring, native sendmsg+recvmmsg, npm
// netlink socket) and by the reconcile's /proc/net/ip_vs read (readPlanView) against
// `ipvsadm -S -n` and `ipvsadm -Ln --stats --exact` in the same boot.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseProcIpvs } from "../../../packages/core/src/index.ts";
import { ProcFile } from "../../../packages/agent/src/kernel/proc/proc-file.ts";
import { ProcTableCache } from "../../../packages/agent/src/kernel/proc/proc-table.ts";
import { scanProcIpvs } from "../../../packages/agent/src/kernel/proc/scan.ts";
import { NetlinkIpvsKernel } from "../../../packages/agent/src/kernel/netlink/ipvs-netlink.ts";
import { fillTable } from "./topology.ts";

const [mode = "main", ...args] = process.argv.slice(2);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

/** A command's wall time measured by bash around it (no node spawn cost). */
function shell(cmd: string): number {
  const r = spawnSync("bash", ["-c", `s=$EPOCHREALTIME; ${cmd} >/dev/null; rc=$?; e=$EPOCHREALTIME; echo "$s $e $rc"`], { encoding: "utf8" });
  const [s, e, rc] = r.stdout.trim().split(" ").map(Number);
  if (rc !== 0) throw new Error(`${cmd}: ${r.stderr}`);
  return (e! - s!) * 1000;
}

async function timeReads(loop: "native" | "socket", nativeMode: "uring" | "mmsg" | undefined, stats: boolean): Promise<{ ms: number; rows: number; path: string }> {
  const k = await NetlinkIpvsKernel.open({ dumpLoop: loop, ...(nativeMode ? { nativeMode } : {}) });
  const t: number[] = [];
  let rows = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const s = stats ? (await k.readWithStats()).state : await k.read();
    t.push(performance.now() - t0);
    rows = s.services.reduce((a, x) => a + 1 + x.dests.length, 0);
  }
  const path = k.readPath;
  await k.close();
  return { ms: median(t), rows, path };
}

if (mode === "main") {
  const n = Number(args[0] ?? 1000);
  const r = Number(args[1] ?? 10);
  await fillTable(n, r);
  const save = median([0, 1, 2].map(() => shell("ipvsadm -S -n")));
  const list = median([0, 1, 2].map(() => shell("ipvsadm -Ln --stats --exact")));
  console.log(`${n} services x ${r}: ipvsadm -S -n ${ms(save)}; ipvsadm -Ln --stats --exact ${ms(list)}`);
  const out: Record<string, number> = { services: n, realServers: r, ipvsadmSaveMs: save, ipvsadmStatsMs: list };
  for (const [name, loop, m] of [
    ["uring", "native", "uring"],
    ["mmsg", "native", "mmsg"],
    ["socket", "socket", undefined],
  ] as const) {
    if (name === "socket" && args[2] === "nosocket") continue;
    const a = await timeReads(loop, m, false);
    const b = await timeReads(loop, m, true);
    out[`${name}ReadMs`] = a.ms;
    out[`${name}StatsMs`] = b.ms;
    console.log(
      `  ${name.padEnd(6)} read() ${ms(a.ms)} (${(a.ms / save).toFixed(3)} x ipvsadm -S -n), readWithStats() ${ms(b.ms)} (${(b.ms / list).toFixed(3)} x ipvsadm -Ln --stats --exact); ${a.rows} rows; ${a.path}`,
    );
  }
  // the reconcile's read: /proc/net/ip_vs once trusted (after one full netlink read), no service
  // with hidden attributes in this table, so no netlink besides the timeouts. Three cases: the
  // table as the last read left it (connection counts aside); one real server's weight changed
  // since (what a reconcile reads after a revision or a hand edit); and every block new to the
  // reader (after a full read the blocks are known, so this is timed on a fresh parse cache).
  {
    const k = await NetlinkIpvsKernel.open();
    await k.readPlanView({ full: true, exact: () => false });
    if (k.planViewDistrust) throw new Error(`/proc not trusted: ${k.planViewDistrust}`);
    // the guest's speed follows the host's load within minutes: ipvsadm right before and after
    const saveBefore = shell("ipvsadm -S -n");
    const unchanged: number[] = [];
    const changed: number[] = [];
    const file: number[] = [];
    const scan: number[] = [];
    const cold: number[] = [];
    const sources = new Set<string>();
    const procFile = new ProcFile("/proc/self/net/ip_vs");
    for (let i = 0; i < 5; i++) {
      const svc = (await k.read()).services[i * 7]!;
      const d = svc.dests[0]!;
      const res = await k.apply([{ kind: "edit-dest", service: svc, dest: { ...d, weight: d.weight + 100 }, before: d }]);
      if (!res.ok) throw new Error(`weight change: ${JSON.stringify(res.errors[0])}`);
      let t0 = performance.now();
      let v = await k.readPlanView({ full: false, exact: () => false });
      changed.push(performance.now() - t0);
      sources.add(v.source);
      t0 = performance.now();
      v = await k.readPlanView({ full: false, exact: () => false });
      unchanged.push(performance.now() - t0);
      sources.add(v.source);
      t0 = performance.now();
      const bytes = await procFile.read();
      file.push(performance.now() - t0);
      t0 = performance.now();
      const sc = scanProcIpvs(bytes);
      scan.push(performance.now() - t0);
      t0 = performance.now();
      if (!new ProcTableCache().table(bytes, sc, 250)) throw new Error("/proc/net/ip_vs did not parse");
      cold.push(performance.now() - t0);
    }
    await k.close();
    const cat = median([0, 1, 2].map(() => shell("cat /proc/net/ip_vs")));
    const saveAfter = shell("ipvsadm -S -n");
    const around = (saveBefore + saveAfter) / 2;
    out.procIpvsadmSaveMs = around;
    out.procChangedMs = median(changed);
    out.procUnchangedMs = median(unchanged);
    out.procFileMs = median(file);
    out.procScanMs = median(scan);
    out.procParseAllMs = median(cold);
    out.catProcMs = cat;
    const r = (x: number) => `${ms(x)} (${(x / around).toFixed(3)} x ipvsadm -S -n)`;
    console.log(`  ipvsadm -S -n around the /proc reads: ${ms(saveBefore)} before, ${ms(saveAfter)} after`);
    console.log(`  proc   readPlanView() after one weight change ${r(median(changed))}; unchanged ${r(median(unchanged))}; target <= 0.1 [${[...sources].join(" | ")}]`);
    console.log(
      `         of it: the file read ${ms(median(file))} (${procFile.last?.mode}, ${procFile.last?.calls} system calls), the block scan ${ms(median(scan))}; cat /proc/net/ip_vs ${r(cat)}`,
    );
    console.log(`         every block new to the reader (a fresh parse cache): + ${ms(median(cold))}, read and parse ${r(median(file) + median(scan) + median(cold))}`);
  }
  // a fresh process that only reads: the read path's own memory, without the fill's planning
  const fresh = spawnSync(process.execPath, [process.argv[1]!, "rss"], { encoding: "utf8" });
  const rss = JSON.parse(fresh.stdout.trim().split("\n").pop() || "{}") as { rssMb?: number; peakRssMb?: number; ms?: number };
  out.freshRssMb = rss.rssMb ?? NaN;
  out.freshPeakRssMb = rss.peakRssMb ?? NaN;
  console.log(`  a fresh process doing 3 read() + 1 readWithStats(): RSS ${rss.rssMb?.toFixed(0)} MB (peak ${rss.peakRssMb?.toFixed(0)} MB) ${fresh.stderr.trim().slice(0, 300)}`);
  console.log(`READS ${JSON.stringify(out)}`);
}

if (mode === "rss") {
  const k = await NetlinkIpvsKernel.open();
  for (let i = 0; i < 3; i++) await k.read();
  const snap = await k.readWithStats();
  const vm = (f: string) => Number(new RegExp(`${f}:\\s+(\\d+)`).exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? NaN) / 1024;
  console.log(JSON.stringify({ rssMb: vm("VmRSS"), peakRssMb: vm("VmHWM"), services: snap.state.services.length }));
  await k.close();
}

if (mode === "probe") {
  // where a native read's time goes (SHOAL_READ_PROFILE: service dump, its decode, dest dumps, dest decode, sort)
  const n = Number(args[0] ?? 1000);
  const r = Number(args[1] ?? 10);
  await fillTable(n, r);
  process.env.SHOAL_READ_PROFILE = "1";
  for (const m of ["uring", "mmsg"] as const) {
    const k = await NetlinkIpvsKernel.open({ dumpLoop: "native", nativeMode: m });
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await k.read();
      console.log(`${m} read() ${ms(performance.now() - t)}`);
    }
    const t = performance.now();
    await k.readWithStats();
    console.log(`${m} readWithStats() ${ms(performance.now() - t)}; rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
    await k.close();
  }
  console.log(`ipvsadm -S -n ${ms(shell("ipvsadm -S -n"))}`);
}

if (mode === "trust") {
  // whether the reconcile's /proc read is trusted on this table, and if not, why
  const n = Number(args[0] ?? 1000);
  const r = Number(args[1] ?? 10);
  await fillTable(n, r);
  const k = await NetlinkIpvsKernel.open({ log: (m) => console.log(m) });
  await k.readPlanView({ full: true, exact: () => false });
  const text = (await new ProcFile("/proc/self/net/ip_vs").read()).toString("latin1");
  console.log(`trust: "${k.planViewDistrust}"; /proc text ${text.length} bytes, ${text.split("\n").length} lines; parse ok ${parseProcIpvs(text, { hz: 1 }).ok}`);
  await k.close();
}
