import type { Diagnostic } from "../diagnostics.ts";
import type { Cluster } from "../model/cluster.ts";
import type { VirtualService } from "../model/virtual-service.ts";

export type Path = (string | number)[];

/** A rule over one virtual service; gets the cluster for cross-service facts (duplicates, DIPs). */
export type ServiceRule = (vs: VirtualService, index: number, cluster: Cluster) => Diagnostic[];

/** A rule over cluster-wide settings (directors, VRRP, sync daemon). */
export type ClusterRule = (cluster: Cluster) => Diagnostic[];

export const vsPath = (index: number, ...rest: Path): Path => ["virtualServices", index, ...rest];
export const rsPath = (index: number, rsIndex: number, ...rest: Path): Path => ["virtualServices", index, "realServers", rsIndex, ...rest];

/** "tcp 10.0.0.1:80" / "fwmark 7": how operators name a service in messages. */
export function describeService(vs: VirtualService): string {
  if (vs.protocol === "fwmark") return `fwmark ${vs.fwmark ?? "?"}`;
  const host = vs.address?.includes(":") ? `[${vs.address}]` : (vs.address ?? "?");
  return `${vs.protocol} ${host}:${vs.port ?? "?"}`;
}
