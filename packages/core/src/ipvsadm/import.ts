import type { Diagnostic } from "../diagnostics.ts";
import { Cluster, type ClusterInput } from "../model/cluster.ts";
import { SCHEDULERS } from "../model/enums.ts";
import type { IpvsState, KernelDest, KernelService } from "../model/ipvs-state.ts";
import type { RealServerInput } from "../model/real-server.ts";
import type { VirtualServiceInput } from "../model/virtual-service.ts";

const KNOWN: ReadonlySet<string> = new Set(SCHEDULERS);
const MAX_MODEL_WEIGHT = 65535;

/** "tcp_10.0.0.1_80", "udp_2001-db8--1_53", "fwmark_7_inet6": a name the model accepts. */
function serviceName(s: KernelService): string {
  const base = s.protocol === "fwmark" ? `fwmark_${s.fwmark}_${s.family}` : `${s.protocol}_${(s.address ?? "").replace(/:/g, "-")}_${s.port}`;
  return base.slice(0, 64);
}

function clusterName(name: string): string {
  const n = name.replace(/[^A-Za-z0-9_.-]/g, "-").slice(0, 64);
  return n || "imported";
}

function realServer(d: KernelDest, where: string, warnings: Diagnostic[] | undefined): RealServerInput {
  let weight = d.weight;
  if (weight > MAX_MODEL_WEIGHT) {
    warnings?.push({
      severity: "warning",
      code: "import.weight-clamped",
      message: { en: `${where}: weight ${weight} is above ${MAX_MODEL_WEIGHT} and was lowered to it`, zh: `${where}：权重 ${weight} 超过 ${MAX_MODEL_WEIGHT}，已降为该值` },
    });
    weight = MAX_MODEL_WEIGHT;
  }
  const rs: RealServerInput = { address: d.address, port: d.port, forwarding: d.forwarding, weight, upperThreshold: d.upperThreshold, lowerThreshold: d.lowerThreshold };
  if (d.forwarding === "tunnel" && d.tunnelType && d.tunnelType !== "ipip") {
    rs.tunnel = { type: d.tunnelType, csum: d.tunnelCsum ?? "nocsum" };
    if (d.tunnelPort !== undefined) rs.tunnel.port = d.tunnelPort;
  }
  return rs;
}

/**
 * Imports a kernel table (e.g. a parsed `ipvsadm -S -n` file) as a topology: one virtual service
 * per kernel service, named after its key, with its real servers, no health checks and no
 * directors. desiredState() of the result gives the same table back. What the model cannot hold
 * is reported in `warnings` (a scheduler the kernel does not ship becomes wlc; a weight above
 * 65535 is lowered), never dropped silently.
 */
export function stateToCluster(state: IpvsState, name: string, warnings?: Diagnostic[]): Cluster {
  const virtualServices = state.services.map((s): VirtualServiceInput => {
    const vsName = serviceName(s);
    let scheduler = s.scheduler;
    if (!KNOWN.has(scheduler)) {
      warnings?.push({
        severity: "warning",
        code: "import.unknown-scheduler",
        message: {
          en: `${vsName}: scheduler ${JSON.stringify(scheduler)} is not one Shoal knows; wlc is used`,
          zh: `${vsName}：Shoal 不认识调度算法 ${JSON.stringify(scheduler)}，改用 wlc`,
        },
      });
      scheduler = "wlc";
    }
    const vs: VirtualServiceInput = {
      name: vsName,
      protocol: s.protocol,
      family: s.family,
      scheduler: scheduler as (typeof SCHEDULERS)[number],
      schedFlags: [...s.schedFlags],
      onePacket: s.onePacket,
      realServers: s.dests.map((d) => realServer(d, vsName, warnings)),
    };
    if (s.protocol === "fwmark") vs.fwmark = s.fwmark;
    else {
      vs.address = s.address;
      vs.port = s.port;
    }
    if (s.persistence !== undefined) {
      vs.persistence = s.persistence;
      if (s.persistenceNetmask !== undefined) vs.persistenceNetmask = s.persistenceNetmask;
      if (s.persistenceEngine) vs.persistenceEngine = s.persistenceEngine;
    }
    return vs;
  });
  const input: ClusterInput = { name: clusterName(name), virtualServices };
  if (state.timeouts) input.timeouts = { ...state.timeouts };
  return Cluster.parse(input);
}
