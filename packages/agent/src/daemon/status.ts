import type { DriftReport, HealthReport, OpErrorReport, StatusReport } from "@shoal/core";
import type { ServerHealth } from "../health/monitor.ts";
import type { DrainStatus } from "../reconcile/graceful.ts";

export const AGENT_VERSION = "0.1.0";

/** Keeps the last N entries: status reports stay small however long an outage lasts. */
export function pushBounded<T>(list: T[], item: T, max = 20): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}

export interface StatusInput {
  appliedRevision: number | null;
  targetRevision: number | null;
  errors: OpErrorReport[];
  drift: DriftReport[];
  health: ServerHealth[];
  foreign: string[];
  draining: DrainStatus[];
  backend?: string;
  changes?: string[];
}

export function buildStatus(s: StatusInput, mode: StatusReport["mode"] = "director"): StatusReport {
  const health: HealthReport[] = s.health.map((h) => ({
    service: h.service,
    dest: h.dest,
    up: h.up,
    check: h.check,
    lastMessage: h.lastMessage,
    ...(h.lastCheckedAt ? { lastCheckedAt: h.lastCheckedAt.toISOString() } : {}),
    ...(h.since ? { since: h.since.toISOString() } : {}),
  }));
  return {
    agentVersion: AGENT_VERSION,
    mode,
    appliedRevision: s.appliedRevision,
    targetRevision: s.targetRevision,
    errors: s.errors,
    drift: s.drift,
    health,
    foreignServices: s.foreign,
    draining: s.draining.map((d) => ({ service: d.service, dest: d.dest, since: new Date(d.since).toISOString(), activeConns: d.activeConns })),
    ...(s.backend ? { backend: s.backend } : {}),
    ...(s.changes?.length ? { changes: s.changes } : {}),
    reportedAt: new Date().toISOString(),
  };
}
