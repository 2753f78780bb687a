import { z } from "zod";
import { VrrpReport } from "@shoal/core";

/** POST /api/agent/v1/status body (packages/agent's StatusReport). Bounded so one agent cannot fill the DB. */
const text = (max: number) => z.string().max(max);
export const StatusReport = z.object({
  agentVersion: text(64).min(1),
  mode: z.enum(["director", "realserver"]).default("director"),
  appliedRevision: z.number().int().min(0).nullable(),
  targetRevision: z.number().int().min(0).nullable().default(null),
  errors: z.array(z.object({ operation: text(1000), message: text(4000), errno: z.number().int().optional(), at: text(64) })).max(200).default([]),
  drift: z.array(z.object({ at: text(64), found: z.array(text(1000)).max(1000), corrected: z.boolean() })).max(100).default([]),
  health: z
    .array(z.object({ service: text(200), dest: text(200), up: z.boolean(), check: text(200), lastMessage: text(2000), lastCheckedAt: text(64).optional(), since: text(64).optional() }))
    .max(100_000)
    .default([]),
  foreignServices: z.array(text(200)).max(10_000).default([]),
  draining: z.array(z.object({ service: text(200), dest: text(200), since: text(64), activeConns: z.number().int().min(0) })).max(100_000).default([]),
  backend: text(200).optional(),
  changes: z.array(text(1000)).max(10_000).optional(),
  /** keepalived VRRP instances and recent transitions (the HA work; core VrrpReport). */
  vrrp: VrrpReport.optional(),
  reportedAt: text(64),
});
export type StatusReport = z.infer<typeof StatusReport>;
