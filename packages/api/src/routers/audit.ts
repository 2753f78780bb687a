import { z } from "zod";
import { adminProcedure, router } from "../trpc.ts";

export const auditRouter = router({
  /** Newest first, filtered; `cursor` is the last id seen. before/after are parsed JSON. */
  list: adminProcedure
    .input(
      z
        .object({
          clusterId: z.string().optional(),
          actorId: z.string().optional(),
          actorName: z.string().optional(),
          action: z.string().optional(),
          targetType: z.string().optional(),
          targetId: z.string().optional(),
          success: z.boolean().optional(),
          since: z.iso.datetime().optional(),
          until: z.iso.datetime().optional(),
          cursor: z.number().int().optional(),
          limit: z.number().int().min(1).max(500).default(100),
        })
        .default({ limit: 100 }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db.auditEntry.findMany({
        where: {
          clusterId: input.clusterId,
          actorId: input.actorId,
          actorName: input.actorName,
          action: input.action ? { startsWith: input.action } : undefined,
          targetType: input.targetType,
          targetId: input.targetId,
          success: input.success,
          at: input.since || input.until ? { gte: input.since ? new Date(input.since) : undefined, lte: input.until ? new Date(input.until) : undefined } : undefined,
          id: input.cursor !== undefined ? { lt: input.cursor } : undefined,
        },
        orderBy: { id: "desc" },
        take: input.limit,
      });
      const items = rows.map((r) => ({
        ...r,
        at: r.at.toISOString(),
        before: r.before ? (JSON.parse(r.before) as unknown) : null,
        after: r.after ? (JSON.parse(r.after) as unknown) : null,
      }));
      return { items, nextCursor: rows.length === input.limit ? rows[rows.length - 1]!.id : null };
    }),
});
