// Runs INSIDE one network namespace (its own IPVS table): the agent's netlink side, timed from
// inside the process (the agent is a daemon: its start-up is not part of a sync or a read).
import { performance } from "node:perf_hooks";
import { desiredState, plan, type Operation } from "../../../packages/core/src/index.ts";
import { NetlinkIpvsKernel } from "../../../packages/agent/src/kernel/netlink/ipvs-netlink.ts";
import { benchCluster, rsAddr, rsPort, vip } from "./topology.ts";

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
