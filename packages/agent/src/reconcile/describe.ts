import type { Operation } from "@shoal/core";
import { destKey, serviceKey } from "@shoal/core";

/** One operation in the words of an LVS operator, e.g. "add real server 10.0.2.11:80 to tcp 10.0.1.100:80". */
export function describeOperation(op: Operation): string {
  switch (op.kind) {
    case "set-timeouts":
      return `set timeouts tcp ${op.timeouts.tcp} tcpfin ${op.timeouts.tcpFin} udp ${op.timeouts.udp}`;
    case "add-service":
      return `add virtual service ${serviceKey(op.service)} (${op.service.scheduler})`;
    case "edit-service":
      return `edit virtual service ${serviceKey(op.service)}`;
    case "delete-service":
      return `delete virtual service ${serviceKey(op.service)}`;
    case "add-dest":
      return `add real server ${destKey(op.dest)} to ${serviceKey(op.service)} (${op.dest.forwarding}, weight ${op.dest.weight})`;
    case "edit-dest":
      return `edit real server ${destKey(op.dest)} of ${serviceKey(op.service)} (${op.dest.forwarding}, weight ${op.before.weight} -> ${op.dest.weight})`;
    case "drain-dest":
      return `drain real server ${destKey(op.dest)} of ${serviceKey(op.service)} (weight ${op.before.weight} -> 0)`;
    case "delete-dest":
      return `delete real server ${destKey(op.dest)} from ${serviceKey(op.service)}`;
  }
}

/**
 * What a correction says about the kernel it found, for drift reports: the operation that puts
 * it right reversed into what was wrong ("virtual service tcp 10.0.1.100:80 missing").
 */
export function describeDrift(op: Operation): string {
  switch (op.kind) {
    case "set-timeouts":
      return "IPVS timeouts differ";
    case "add-service":
      return `virtual service ${serviceKey(op.service)} missing`;
    case "edit-service":
      return `virtual service ${serviceKey(op.service)} changed (scheduler ${op.before.scheduler}, wanted ${op.service.scheduler})`;
    case "delete-service":
      return `virtual service ${serviceKey(op.service)} not wanted`;
    case "add-dest":
      return `real server ${destKey(op.dest)} missing from ${serviceKey(op.service)}`;
    case "edit-dest":
      return `real server ${destKey(op.dest)} of ${serviceKey(op.service)} changed (weight ${op.before.weight}, wanted ${op.dest.weight}; ${op.before.forwarding}, wanted ${op.dest.forwarding})`;
    case "drain-dest":
    case "delete-dest":
      return `real server ${destKey(op.dest)} of ${serviceKey(op.service)} not wanted`;
  }
}
