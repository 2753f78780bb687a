import type { Cluster, IpvsState } from "@shoal/core";
import { destKey, serviceKey, sorryServerDest, virtualServiceKernel } from "@shoal/core";
import { inQuorum } from "./quorum.ts";

/**
 * desiredState() puts the sorry server in when the live weight is below the quorum, with no
 * memory. This applies keepalived's hysteresis on top: `memory` holds, per service key, whether
 * the farm was in quorum at the last decision, and is updated in place.
 */
export function applyQuorumHysteresis(cluster: Cluster, desired: IpvsState, memory: Map<string, boolean>): IpvsState {
  const bySvc = sorryServices(cluster);
  // Nothing to hold: the desired table itself, so a caller's memo of it keeps holding.
  if (bySvc.size === 0) {
    memory.clear();
    return desired;
  }
  const services = desired.services.map((s) => {
    const sk = serviceKey(s);
    const vs = bySvc.get(sk);
    if (!vs?.sorryServer) {
      memory.delete(sk);
      return s;
    }
    const sorryKey = destKey(vs.sorryServer);
    const sorryIsRealServer = vs.realServers.some((r) => r.enabled && destKey(r) === sorryKey);
    const real = s.dests.filter((d) => sorryIsRealServer || destKey(d) !== sorryKey);
    const live = real.reduce((sum, d) => sum + d.weight, 0);
    const ok = inQuorum(memory.get(sk) ?? true, live, vs.quorum ?? 1, vs.hysteresis ?? 0);
    memory.set(sk, ok);
    if (sorryIsRealServer) return s;
    const hasSorry = s.dests.length !== real.length;
    if (ok && hasSorry) return { ...s, dests: real };
    if (!ok && !hasSorry) {
      const sorry = sorryServerDest(vs)!;
      return { ...s, dests: [...real, sorry].sort((a, b) => (destKey(a) < destKey(b) ? -1 : 1)) };
    }
    return s;
  });
  return { ...desired, services };
}

const sorryByCluster = new WeakMap<Cluster, Map<string, Cluster["virtualServices"][number]>>();

/** The enabled services that name a sorry server, by key: once per cluster, not every cycle. */
function sorryServices(cluster: Cluster): Map<string, Cluster["virtualServices"][number]> {
  let m = sorryByCluster.get(cluster);
  if (!m) {
    m = new Map(cluster.virtualServices.filter((v) => v.enabled && v.sorryServer).map((v) => [serviceKey(virtualServiceKernel(v)), v]));
    sorryByCluster.set(cluster, m);
  }
  return m;
}
