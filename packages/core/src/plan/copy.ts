import type { KernelDest } from "../model/ipvs-state.ts";
import type { ServiceSpec } from "./operations.ts";

/**
 * Explicit copies of table entries: object spread is slow on a 100,000-entry table, and copies
 * must carry no undefined-valued keys so deep equality with parsed states holds.
 */
export function copySpec(spec: ServiceSpec): ServiceSpec {
  const out: ServiceSpec = { protocol: spec.protocol, family: spec.family, scheduler: spec.scheduler, schedFlags: [...spec.schedFlags], onePacket: spec.onePacket };
  if (spec.address !== undefined) out.address = spec.address;
  if (spec.port !== undefined) out.port = spec.port;
  if (spec.fwmark !== undefined) out.fwmark = spec.fwmark;
  if (spec.persistence !== undefined) out.persistence = spec.persistence;
  if (spec.persistenceNetmask !== undefined) out.persistenceNetmask = spec.persistenceNetmask;
  if (spec.persistenceEngine !== undefined) out.persistenceEngine = spec.persistenceEngine;
  return out;
}

export function copyDest(d: KernelDest): KernelDest {
  const out: KernelDest = { address: d.address, port: d.port, forwarding: d.forwarding, weight: d.weight, upperThreshold: d.upperThreshold, lowerThreshold: d.lowerThreshold };
  if (d.tunnelType !== undefined) out.tunnelType = d.tunnelType;
  if (d.tunnelPort !== undefined) out.tunnelPort = d.tunnelPort;
  if (d.tunnelCsum !== undefined) out.tunnelCsum = d.tunnelCsum;
  return out;
}
