import { z } from "zod";
import { Cluster } from "../model/index.ts";

/**
 * GET /api/agent/v1/revision (and a revision file for air-gapped directors): the applied
 * revision of the director's cluster. Parsed strictly enough that a bad message is refused with a
 * clear error instead of half-applied; fields a newer console adds are dropped.
 */
export const RevisionMessage = z.object({
  /** The console's agent protocol; absent from consoles (and files) that predate negotiation. */
  protocol: z.number().int().positive().optional(),
  revision: z.number().int().min(0),
  createdAt: z.string().max(64).optional(),
  message: z.string().max(10_000).nullable().optional(),
  cluster: Cluster,
  /** This director's own record (name, interfaces, role); kept as sent. */
  director: z.record(z.string(), z.unknown()).optional(),
});
export type RevisionMessage = z.infer<typeof RevisionMessage>;
export type RevisionMessageInput = z.input<typeof RevisionMessage>;
