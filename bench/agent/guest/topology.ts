// The benchmark table: N NAT services x R real servers, the same for every contender.
import { Cluster, desiredState, plan, type ClusterInput, type RealServerInput, type VirtualServiceInput } from "../../../packages/core/src/index.ts";
import { NetlinkIpvsKernel } from "../../../packages/agent/src/kernel/netlink/ipvs-netlink.ts";

export const vip = (i: number): string => `10.100.${i >> 8}.${i & 255}`;
export const rsAddr = (i: number, k: number): string => `10.201.${k}.${(i % 250) + 1}`;
export const rsPort = (i: number): number => 8000 + Math.floor(i / 250);

export function benchCluster(n: number, r: number): Cluster {
  const vs: VirtualServiceInput[] = [];
  for (let i = 0; i < n; i++) {
    const rs: RealServerInput[] = [];
    for (let k = 1; k <= r; k++) rs.push({ address: rsAddr(i, k), port: rsPort(i), forwarding: "masq", weight: k });
    vs.push({ name: `vs${i}`, protocol: "tcp", family: "inet", address: vip(i), port: 80, scheduler: "wrr", realServers: rs });
  }
  const input: ClusterInput = { name: "bench", virtualServices: vs };
  return Cluster.parse(input);
}

/** Fills this namespace's empty IPVS table with benchCluster(n, r) through the agent's netlink apply. */
export async function fillTable(n: number, r: number): Promise<void> {
  const fill = await NetlinkIpvsKernel.open({ dumpLoop: "socket" });
  const res = await fill.apply(plan({ services: [] }, desiredState(benchCluster(n, r))));
  await fill.close();
  if (!res.ok) throw new Error(`fill: ${JSON.stringify(res.errors[0])}`);
}
