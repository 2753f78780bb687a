import type { Operation } from "@shoal/core";
import { stateDestKey, stateServiceKey } from "@shoal/core";
import { describeDrift } from "./describe.ts";
import type { DrainStatus } from "./graceful.ts";

/**
 * Drift is a difference found while the agent's intent (revision and health) had not changed
 * since it last converged: someone ran ipvsadm or ip by hand. Deletions that finish a drain the
 * agent itself started are not drift.
 */
export function driftFindings(ops: readonly Operation[], hostChanges: readonly string[], previouslyDraining: readonly DrainStatus[]): string[] {
  const drainingDests = new Set(previouslyDraining.map((d) => `${d.service} ${d.dest}`));
  const drainingServices = new Set(previouslyDraining.map((d) => d.service));
  const found: string[] = [];
  for (const op of ops) {
    if (op.kind === "delete-dest" && drainingDests.has(`${stateServiceKey(op.service)} ${stateDestKey(op.dest)}`)) continue;
    if (op.kind === "delete-service" && drainingServices.has(stateServiceKey(op.service))) continue;
    found.push(describeDrift(op));
  }
  for (const c of hostChanges) found.push(hostDrift(c));
  return found;
}

/** "add VIP 10.0.1.100/32 on eth0" -> "VIP 10.0.1.100/32 missing on eth0". */
function hostDrift(change: string): string {
  const add = /^add VIP (\S+) on (\S+)$/.exec(change);
  if (add) return `VIP ${add[1]} missing on ${add[2]}`;
  const set = /^set (\S+)=(\S+) \(was (.*)\)$/.exec(change);
  if (set) return `${set[1]} is ${set[3]}, wanted ${set[2]}`;
  return change;
}
