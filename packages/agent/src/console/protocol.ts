import { z } from "zod";
import { Cluster } from "@shoal/core";

/**
 * The console's agent API (packages/api agent-http), as the agent reads it. Parsed strictly
 * enough that a bad message is refused with a clear error instead of half-applied.
 */
export const RevisionMessage = z.object({
  revision: z.number().int().min(0),
  cluster: Cluster,
  /** This director's own record (name, interfaces, role); kept as sent. */
  director: z.record(z.string(), z.unknown()).optional(),
});
export type RevisionMessage = z.infer<typeof RevisionMessage>;

export function parseRevisionMessage(raw: unknown, source: string): RevisionMessage {
  const r = RevisionMessage.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`${source} sent an invalid revision: ${issues.join("; ")}${r.error.issues.length > 5 ? ` (+${r.error.issues.length - 5} more)` : ""}`);
  }
  return r.data;
}

export interface OpErrorReport {
  operation: string;
  /** The kernel's own message (ipvsadm wording) and errno. */
  message: string;
  errno?: number;
  at: string;
}

export interface DriftReport {
  at: string;
  /** What was found wrong, e.g. "virtual service tcp 10.0.1.100:80 missing". */
  found: string[];
  corrected: boolean;
}

export interface HealthReport {
  service: string;
  dest: string;
  up: boolean;
  check: string;
  lastMessage: string;
  lastCheckedAt?: string;
  since?: string;
}

/** POST /api/agent/v1/status body. */
export interface StatusReport {
  agentVersion: string;
  mode: "director" | "realserver";
  /** Last revision applied in full; null before the first. */
  appliedRevision: number | null;
  /** Revision being worked on (differs from appliedRevision while it fails or drains). */
  targetRevision: number | null;
  errors: OpErrorReport[];
  drift: DriftReport[];
  health: HealthReport[];
  foreignServices: string[];
  draining: { service: string; dest: string; since: string; activeConns: number }[];
  backend?: string;
  changes?: string[];
  reportedAt: string;
}
