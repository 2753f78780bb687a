/**
 * Planner benchmark: one director with 10,000 virtual services x 10 real servers (100,000
 * destinations). For each step it prints the median and the minimum of several runs, as wall
 * time and as process CPU time (CPU time is less disturbed when other jobs share the machine; it
 * includes the garbage collector's helper threads). The target is render + diff
 * (desiredState + renderIpvsadmSave + plan) <= 100 ms.
 * Run: pnpm --filter @shoal/bench plan     (env SERVICES, REAL_SERVERS, RUNS change the size)
 */
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { Cluster, desiredState, parseIpvsadmSave, plan, renderIpvsadmSave, type ClusterInput, type IpvsState } from "@shoal/core";

const SERVICES = Number(process.env.SERVICES ?? 10_000);
const REAL_SERVERS = Number(process.env.REAL_SERVERS ?? 10);
const RUNS = Number(process.env.RUNS ?? 11);

function topology(): ClusterInput {
  const virtualServices = [];
  for (let i = 0; i < SERVICES; i++) {
    const port = 80 + (i % 3);
    const realServers = [];
    for (let j = 0; j < REAL_SERVERS; j++) {
      realServers.push({
        address: `172.${16 + (j & 15)}.${(i >> 8) & 255}.${(i & 255) ^ j}`,
        port: j === 0 ? 8080 : port,
        forwarding: j === 0 ? ("masq" as const) : ("route" as const),
        weight: 1 + j,
        upperThreshold: j % 3 ? 0 : 1000,
        lowerThreshold: j % 3 ? 0 : 800,
      });
    }
    virtualServices.push({
      protocol: i % 5 ? ("tcp" as const) : ("udp" as const),
      address: `10.${(i >> 8) & 255}.${i & 255}.1`,
      port,
      scheduler: i % 7 ? ("wlc" as const) : ("sh" as const),
      persistence: i % 11 ? undefined : 300,
      realServers,
    });
  }
  return { name: "bench", virtualServices };
}

interface Figure {
  wall: number;
  cpu: number;
  wallMin: number;
  cpuMin: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function measure<T>(label: string, fn: () => T): Figure & { value: T } {
  let value = fn(); // warm-up: JIT and caches
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    value = fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const f = { wall: median(wall), cpu: median(cpu), wallMin: Math.min(...wall), cpuMin: Math.min(...cpu) };
  const n = (x: number) => x.toFixed(1).padStart(7);
  console.log(`  ${label.padEnd(46)} ${n(f.wall)} ${n(f.wallMin)}   ${n(f.cpu)} ${n(f.cpuMin)}`);
  return { ...f, value };
}

const t0 = performance.now();
// as the agent gets it: a revision's JSON from the console, parsed, then validated by the model
const cluster = Cluster.parse(JSON.parse(JSON.stringify(topology())));
console.log(`plan bench: ${SERVICES} services x ${REAL_SERVERS} real servers = ${SERVICES * REAL_SERVERS} destinations; ${RUNS} runs after a warm-up`);
console.log(
  `machine: load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")} (setup JSON + Cluster.parse ${(performance.now() - t0).toFixed(0)} ms, not counted)`,
);
console.log(`  ${"step (ms)".padEnd(46)} ${"wall".padStart(7)} ${"min".padStart(7)}   ${"cpu".padStart(7)} ${"min".padStart(7)}`);

const desired = measure("desiredState(cluster)", () => desiredState(cluster));
const text = measure("renderIpvsadmSave(desired)", () => renderIpvsadmSave(desired.value));
const parsed = measure("parseIpvsadmSave(text)   [reading the kernel]", () => parseIpvsadmSave(text.value));
if (!parsed.value.ok) throw new Error("the rendered text did not parse");
const kernel: IpvsState = parsed.value.value;

// the kernel as it is after one real server's weight was changed by hand
const changed: IpvsState = {
  services: kernel.services.map((s, i) => (i === SERVICES >> 1 ? { ...s, dests: s.dests.map((d, j) => (j === 3 ? { ...d, weight: d.weight + 7 } : d)) } : s)),
};
const oneWeight = measure("plan(kernel, desired)    one weight differs", () => plan(changed, desired.value));
if (oneWeight.value.length !== 1) throw new Error(`expected 1 operation, got ${oneWeight.value.length}`);
const same = measure("plan(kernel, desired)    already converged", () => plan(kernel, desired.value));
if (same.value.length !== 0) throw new Error(`expected 0 operations, got ${same.value.length}`);
const empty = measure("plan(empty kernel, desired)", () => plan({ services: [] }, desired.value));
if (empty.value.length !== SERVICES * (REAL_SERVERS + 1)) throw new Error(`expected ${SERVICES * (REAL_SERVERS + 1)} operations, got ${empty.value.length}`);

const sum = (key: keyof Figure, ...fs: Figure[]) => fs.reduce((a, f) => a + f[key], 0);
const line = (label: string, ...fs: Figure[]) =>
  console.log(
    `${label.padEnd(48)} wall ${sum("wall", ...fs).toFixed(1)} ms (min ${sum("wallMin", ...fs).toFixed(1)}), cpu ${sum("cpu", ...fs).toFixed(1)} ms (min ${sum("cpuMin", ...fs).toFixed(1)})`,
  );
line("render + diff (desiredState+render+plan 1 wt):", desired, text, oneWeight);
line("cold start (desiredState+render+plan empty):", desired, text, empty);
line("full cycle incl. parsing the kernel's -S text:", desired, text, parsed, oneWeight);
const bestWall = sum("wallMin", desired, text, oneWeight);
const bestCpu = sum("cpuMin", desired, text, oneWeight);
const verdict = (x: number) => (x <= 100 ? "met" : "NOT met");
console.log(
  `target render + diff <= 100 ms: wall ${verdict(bestWall)} (best ${bestWall.toFixed(1)} ms), cpu ${verdict(bestCpu)} (best ${bestCpu.toFixed(1)} ms); wall counts waiting for a core when the machine is shared`,
);
