import type { Diagnostic } from "../diagnostics.ts";
import type { Cluster } from "../model/cluster.ts";
import type { VirtualService } from "../model/virtual-service.ts";
import { directorNames, onePrimary, syncDaemon, vrrp } from "./rules/directors.ts";
import { duplicateRealServer, duplicateService, vipIsRealServer } from "./rules/duplicates.ts";
import { healthCheck } from "./rules/health-check.ts";
import { natGateway } from "./rules/nat.ts";
import { noPortMapping, realServerFamily, thresholds, tunnelSettings } from "./rules/real-server.ts";
import { onePacket, persistenceEngine, persistenceNetmask, schedFlags } from "./rules/scheduling.ts";
import { addressShape, fwmarkShape, vipFamily } from "./rules/service-key.ts";
import { sorryServer } from "./rules/sorry-server.ts";
import { withFacts } from "./memo.ts";
import type { ClusterRule, ServiceRule } from "./types.ts";

export const SERVICE_RULES: Readonly<Record<string, ServiceRule>> = {
  fwmarkShape,
  addressShape,
  vipFamily,
  noPortMapping,
  realServerFamily,
  thresholds,
  tunnelSettings,
  schedFlags,
  persistenceNetmask,
  onePacket,
  persistenceEngine,
  duplicateService,
  duplicateRealServer,
  vipIsRealServer,
  natGateway,
  sorryServer,
  healthCheck,
};

export const CLUSTER_RULES: Readonly<Record<string, ClusterRule>> = { directorNames, onePrimary, vrrp, syncDaemon };

/**
 * Diagnostics for one virtual service, as the console's service form shows them. `index` is its
 * position in cluster.virtualServices (paths start there); a new, not yet added service can pass
 * cluster.virtualServices.length with the cluster as it is.
 */
export function validateVirtualService(vs: VirtualService, index: number, cluster: Cluster): Diagnostic[] {
  const ctx: Cluster = cluster.virtualServices[index] === vs ? cluster : { ...cluster, virtualServices: withAt(cluster.virtualServices, index, vs) };
  return withFacts(ctx, () => Object.values(SERVICE_RULES).flatMap((rule) => rule(vs, index, ctx)));
}

/** Every semantic problem of a (type-valid) cluster, errors and warnings, each with its field path. */
export function validateCluster(cluster: Cluster): Diagnostic[] {
  return withFacts(cluster, () => {
    const out: Diagnostic[] = [];
    for (const rule of Object.values(CLUSTER_RULES)) out.push(...rule(cluster));
    cluster.virtualServices.forEach((vs, i) => {
      for (const rule of Object.values(SERVICE_RULES)) out.push(...rule(vs, i, cluster));
    });
    return out;
  });
}

function withAt<T>(list: readonly T[], index: number, item: T): T[] {
  const copy = [...list];
  copy[index] = item;
  return copy;
}
