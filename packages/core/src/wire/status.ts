import { z } from "zod";
import { VrrpReport } from "../events/vrrp.ts";

/**
 * POST /api/agent/v1/status: what a director's agent reports after every cycle. Bounded so one
 * agent cannot fill the console's database. Fields a newer agent adds and this schema does not
 * know are dropped, not refused; a new part of the report goes in as an optional sub-object (say
 * `ha: HaReport.optional()`), so older agents, which do not send it, stay valid.
 */
const text = (max: number) => z.string().max(max);
const time = text(64);

/** An operation the kernel refused, in the kernel's own words (ipvsadm wording) with errno. */
export const OpErrorReport = z.object({ operation: text(1000), message: text(4000), errno: z.number().int().optional(), at: time });
export type OpErrorReport = z.infer<typeof OpErrorReport>;

/** Drift: the kernel table changed behind the agent's back. */
export const DriftReport = z.object({
  at: time,
  /** What was found wrong, e.g. "virtual service tcp 10.0.1.100:80 missing". */
  found: z.array(text(1000)).max(1000),
  corrected: z.boolean(),
});
export type DriftReport = z.infer<typeof DriftReport>;

/** One real server's health check as the agent's checker last saw it. */
export const HealthReport = z.object({
  service: text(200),
  dest: text(200),
  up: z.boolean(),
  check: text(200),
  lastMessage: text(2000),
  lastCheckedAt: time.optional(),
  since: time.optional(),
});
export type HealthReport = z.infer<typeof HealthReport>;

/** A real server removed from the revision, drained before its kernel entry is deleted. */
export const DrainReport = z.object({ service: text(200), dest: text(200), since: time, activeConns: z.number().int().min(0) });
export type DrainReport = z.infer<typeof DrainReport>;

export const AgentMode = z.enum(["director", "realserver"]);
export type AgentMode = z.infer<typeof AgentMode>;

export const StatusReport = z.object({
  agentVersion: text(64).min(1),
  mode: AgentMode.default("director"),
  /** Last revision applied in full; null before the first. */
  appliedRevision: z.number().int().min(0).nullable(),
  /** Revision being worked on (differs from appliedRevision while it fails or drains). */
  targetRevision: z.number().int().min(0).nullable().default(null),
  errors: z.array(OpErrorReport).max(200).default([]),
  drift: z.array(DriftReport).max(100).default([]),
  health: z.array(HealthReport).max(100_000).default([]),
  foreignServices: z.array(text(200)).max(10_000).default([]),
  draining: z.array(DrainReport).max(100_000).default([]),
  /** Which kernel path the agent reads and writes with (netlink, ipvsadm, ...). */
  backend: text(200).optional(),
  changes: z.array(text(1000)).max(10_000).optional(),
  /** keepalived VRRP instances and recent transitions (the HA work; core VrrpReport). */
  vrrp: VrrpReport.optional(),
  reportedAt: time,
});
/** The report as the console holds it (defaults filled in). */
export type StatusReport = z.infer<typeof StatusReport>;
/** The report as an agent may send it (older agents leave defaulted fields out). */
export type StatusReportInput = z.input<typeof StatusReport>;
