// The real director daemon (`shoal-agent run --revision-file`, the bundle a director runs) in its
// own namespace: its memory after the full sync of the benchmark table and after idle cycles.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { performance } from "node:perf_hooks";
import type { Cluster } from "../../../packages/core/src/index.ts";

const AGENT = "/tmp/agent/shoal-agent.cjs";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds the bundle into the guest's /tmp, as the agent's lab tests do (lab/tests/agent/agent.inc). */
function bundle(): void {
  if (existsSync(AGENT)) return;
  // SHOAL_BENCH_AGENT: a bundle built elsewhere (e.g. of an older commit, for a before/after)
  if (process.env.SHOAL_BENCH_AGENT) {
    cpSync(process.env.SHOAL_BENCH_AGENT, dirname(AGENT), { recursive: true });
    return;
  }
  const r = spawnSync(process.execPath, [`${process.env.SHOAL_REPO}/packages/agent/bin/bundle.mjs`], { env: { ...process.env, SHOAL_AGENT_DIST: "/tmp/agent" }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`agent bundle: ${r.stderr}`);
}

/** The node flags the systemd unit starts the daemon with: the bench runs it the same way. */
export function unitNodeFlags(): string[] {
  const unit = readFileSync(`${process.env.SHOAL_REPO}/packages/agent/systemd/shoal-agent.service`, "utf8");
  const exec = /^ExecStart=(.*)$/m.exec(unit)?.[1]?.split(/\s+/) ?? [];
  const script = exec.findIndex((w) => w.endsWith("shoal-agent.cjs"));
  return exec.slice(1, Math.max(1, script));
}

/** The environment the systemd unit gives the daemon (its uncommented Environment= lines). */
export function unitEnvironment(): Record<string, string> {
  const unit = readFileSync(`${process.env.SHOAL_REPO}/packages/agent/systemd/shoal-agent.service`, "utf8");
  const env: Record<string, string> = {};
  for (const m of unit.matchAll(/^Environment=([A-Za-z_]+)=(.*)$/gm)) env[m[1]!] = m[2]!;
  return env;
}

/** VmRSS and VmHWM of one process, in MB. */
function memory(pid: number): { rssMb: number; peakMb: number } {
  const s = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (f: string) => Number(new RegExp(`^${f}:\\s+(\\d+) kB`, "m").exec(s)?.[1] ?? NaN);
  return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

/**
 * Where a process's RSS lives, from /proc/PID/smaps, in MB: mapped files (node's own text and
 * libraries), malloc's main heap ([heap], Buffers and native allocations), and the other anonymous
 * mappings (V8's heap pages, malloc's thread arenas, thread stacks).
 */
export function rssParts(pid: number): { fileMb: number; brkHeapMb: number; anonMb: number } {
  const parts = { fileMb: 0, brkHeapMb: 0, anonMb: 0 };
  let kind: keyof typeof parts = "anonMb";
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const map = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (map) kind = map[1] === "[heap]" ? "brkHeapMb" : map[1]!.startsWith("/") ? "fileMb" : "anonMb";
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) parts[kind] += Number(rss[1]) / 1024;
  }
  return parts;
}

export interface DaemonResult {
  /** From spawn to status.json saying the revision is applied (node start and the revision's parse included). */
  syncedMs: number;
  synced: { rssMb: number; peakMb: number };
  /**
   * Over idleSeconds more of reconcile cycles (nothing to change): VmRSS read every second of the
   * second half, its median (rssMb), lowest and highest: one reading moves by tens of MB with
   * where it lands in the garbage collector's cycle.
   */
  idle: { rssMb: number; minMb: number; maxMb: number; peakMb: number };
  /** The last idle second's RSS by kind of mapping. */
  parts: ReturnType<typeof rssParts>;
  idleSeconds: number;
  /** What the daemon logged about its table reads (whether /proc/net/ip_vs is used). */
  reads: string;
  /** The daemon's extra configuration ({} = the defaults, live counters at 1 Hz included). */
  config: Record<string, unknown>;
  nodeFlags: string[];
  /** Environment given to the daemon beyond the bench's own (e.g. glibc malloc tunables). */
  env: Record<string, string>;
}

/**
 * Runs the daemon in namespace `ns` (made by the caller) on `cluster` until it has applied it,
 * waits idleSeconds, and stops it with SIGTERM (which leaves the table as it is).
 */
export async function daemonMemory(
  ns: string,
  cluster: Cluster,
  opts: { config?: Record<string, unknown>; idleSeconds?: number; nodeFlags?: string[]; env?: Record<string, string> } = {},
): Promise<DaemonResult> {
  bundle();
  const dir = `/tmp/${ns}`;
  mkdirSync(`${dir}/state`, { recursive: true });
  writeFileSync(`${dir}/rev.json`, JSON.stringify({ revision: 1, cluster }));
  const config = opts.config ?? {};
  writeFileSync(`${dir}/agent.json`, JSON.stringify(config));
  const nodeFlags = opts.nodeFlags ?? unitNodeFlags();
  const env = opts.env ?? unitEnvironment();
  // past one periodic full netlink read (every 45 s), not only /proc cycles
  const idleSeconds = opts.idleSeconds ?? 50;
  const t0 = performance.now();
  const p = spawn(
    "ip",
    [
      "netns",
      "exec",
      ns,
      process.execPath,
      ...nodeFlags,
      AGENT,
      "run",
      "-c",
      `${dir}/agent.json`,
      "--revision-file",
      `${dir}/rev.json`,
      "--state-dir",
      `${dir}/state`,
      "--log-level",
      "info",
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } },
  );
  let log = "";
  let reads = "";
  const seen = (t: string) => {
    for (const m of t.matchAll(/"msg":"(table reads through[^"]*)"/g)) reads = m[1]!;
  };
  // SHOAL_BENCH_DAEMON_LOG=1: the daemon's log lines on stdout, each with the seconds since spawn
  const echo = process.env.SHOAL_BENCH_DAEMON_LOG
    ? (b: Buffer) =>
        process.stdout.write(
          b
            .toString()
            .replace(/^(?=.)/gm, () => `[${((performance.now() - t0) / 1000).toFixed(1)} s] `)
            .slice(0, 4000),
        )
    : () => {};
  p.stdout.on("data", (b: Buffer) => {
    echo(b);
    log = (log + b.toString()).slice(-3000);
    seen(b.toString());
  });
  p.stderr.on("data", (b: Buffer) => {
    echo(b);
    log = (log + b.toString()).slice(-3000);
    seen(b.toString());
  });
  const applied = () => {
    try {
      return (JSON.parse(readFileSync(`${dir}/state/status.json`, "utf8")) as { appliedRevision?: number }).appliedRevision === 1;
    } catch {
      return false;
    }
  };
  while (!applied()) {
    if (p.exitCode !== null || performance.now() - t0 > 900_000) {
      p.kill("SIGKILL");
      throw new Error(`the daemon did not apply the revision: ${log}`);
    }
    await sleep(100);
  }
  const syncedMs = performance.now() - t0;
  const synced = memory(p.pid!);
  await sleep((idleSeconds * 1000) / 2);
  const rss: number[] = [];
  for (let t = 0; t < idleSeconds / 2; t++) {
    if (p.exitCode !== null || p.signalCode !== null) throw new Error(`the daemon ended while idle (${p.exitCode ?? p.signalCode}): ${log}`);
    rss.push(memory(p.pid!).rssMb);
    await sleep(1000);
  }
  rss.sort((a, b) => a - b);
  const idle = { rssMb: rss[Math.floor(rss.length / 2)]!, minMb: rss[0]!, maxMb: rss[rss.length - 1]!, peakMb: memory(p.pid!).peakMb };
  const parts = rssParts(p.pid!);
  p.kill("SIGTERM");
  await new Promise((r) => p.once("exit", r));
  return { syncedMs, synced, idle, parts, idleSeconds, reads, config, nodeFlags, env };
}
