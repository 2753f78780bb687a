// Runs INSIDE one network namespace (its own IPVS table): the agent's netlink side, timed from
// inside the process (the agent is a daemon: its start-up is not part of a sync or a read).
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { desiredState, plan, type Operation } from "../../../packages/core/src/index.ts";
import { NetlinkIpvsKernel } from "../../../packages/agent/src/kernel/netlink/ipvs-netlink.ts";
import { benchCluster, rsAddr, rsPort, vip } from "./topology.ts";

/** A /proc/self/status memory figure in MB. */
const vm = (field: string): number =>
  Number(
    /^\S+:\s+(\d+) kB/m.exec(
      readFileSync("/proc/self/status", "utf8")
        .split("\n")
        .find((l) => l.startsWith(`${field}:`)) ?? "",
    )?.[1] ?? NaN,
  ) / 1024;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function worker(n: number, r: number, opsPerSend: number): Promise<Record<string, number | boolean>> {
  const k = await NetlinkIpvsKernel.open({ opsPerSend });
  const out: Record<string, number | boolean> = {};
  let t = performance.now();
  const desired = desiredState(benchCluster(n, r));
  const ops = plan({ services: [] }, desired);
  out.planMs = performance.now() - t;
  out.ops = ops.length;
  t = performance.now();
  const res = await k.apply(ops);
  out.syncMs = performance.now() - t;
  out.syncOk = res.ok;
  const reads: number[] = [];
  const statReads: number[] = [];
  let rows = 0;
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    const s = await k.read();
    reads.push(performance.now() - t);
    rows = s.services.reduce((a, x) => a + 1 + x.dests.length, 0);
    t = performance.now();
    await k.readWithStats();
    statReads.push(performance.now() - t);
  }
  out.readMs = median(reads);
  out.readStatsMs = median(statReads);
  out.readRows = rows;
  // the reconcile's read: /proc/net/ip_vs once a full netlink read agreed with it, parsed (the
  // first read after a full one), then again with the table unchanged (fingerprint only)
  const planReads: number[] = [];
  const unchangedReads: number[] = [];
  for (let i = 0; i < 3; i++) {
    await k.readPlanView({ full: true, exact: () => false });
    t = performance.now();
    await k.readPlanView({ full: false, exact: () => false });
    planReads.push(performance.now() - t);
    t = performance.now();
    const v = await k.readPlanView({ full: false, exact: () => false });
    unchangedReads.push(performance.now() - t);
    out.procUnchangedSeen = v.unchanged === true;
  }
  out.procPlanReadMs = median(planReads);
  out.procUnchangedReadMs = median(unchangedReads);
  out.procTrusted = k.planViewDistrust === "";
  out.readPath = k.readPath.startsWith("native") ? (k.readPath.includes("io_uring") ? 1 : 2) : 0; // 1 io_uring, 2 recvmmsg, 0 socket
  // the agent's resident memory with the table synced and read (what a director pays for it)
  out.rssMb = vm("VmRSS");
  out.peakRssMb = vm("VmHWM");
  // the npm netlink socket path (the fallback when the addon is absent), once, for comparison
  const fallback = await NetlinkIpvsKernel.open({ opsPerSend, dumpLoop: "socket" });
  t = performance.now();
  await fallback.read();
  out.socketReadMs = performance.now() - t;
  await fallback.close();
  const svc = { protocol: "tcp" as const, family: "inet" as const, address: vip(n >> 1), port: 80 };
  const before = { address: rsAddr(n >> 1, 1), port: rsPort(n >> 1), forwarding: "masq" as const, weight: 1, upperThreshold: 0, lowerThreshold: 0 };
  const changes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const op: Operation = { kind: "edit-dest", service: svc, dest: { ...before, weight: 50 + i }, before };
    t = performance.now();
    const c = await k.apply([op]);
    changes.push(performance.now() - t);
    out.changeOk = c.ok;
  }
  out.changeMs = median(changes);
  await k.close();
  return out;
}
