import { z } from "zod";
import { EVENT_KINDS, EventKind, EventSeverity, KINDS } from "@shoal/core";
import { eventChanges, type EventChange } from "../events/bus.ts";
import { router, viewerProcedure } from "../trpc.ts";

/** A cluster's event log (issue 17): the timeline, filtered, and its live updates. */
export const eventRouter = router({
  kinds: viewerProcedure.query(() => EVENT_KINDS.map((k) => ({ kind: k, severity: KINDS[k].severity, lasting: KINDS[k].lasting, label: { en: KINDS[k].en, zh: KINDS[k].zh } }))),

  list: viewerProcedure
    .input(
      z.object({
        clusterId: z.string().min(1),
        kinds: z.array(EventKind).max(EVENT_KINDS.length).optional(),
        minSeverity: EventSeverity.optional(),
        director: z.string().max(200).optional(),
        service: z.string().max(200).optional(),
        dest: z.string().max(200).optional(),
        openOnly: z.boolean().optional(),
        since: z.iso.datetime().optional(),
        until: z.iso.datetime().optional(),
        cursor: z.string().optional(),
        limit: z.number().int().min(1).max(500).default(100),
      }),
    )
    .query(async ({ ctx, input }) => {
      const sev = input.minSeverity ? (["info", "warning", "critical"] as const).slice(["info", "warning", "critical"].indexOf(input.minSeverity)) : undefined;
      const rows = await ctx.db.event.findMany({
        where: {
          OR: [{ clusterId: input.clusterId }, { clusterId: null }],
          kind: input.kinds?.length ? { in: input.kinds } : undefined,
          severity: sev ? { in: [...sev] } : undefined,
          director: input.director || undefined,
          service: input.service || undefined,
          dest: input.dest || undefined,
          openKey: input.openOnly ? { not: null } : undefined,
          startedAt: input.since || input.until ? { gte: input.since ? new Date(input.since) : undefined, lte: input.until ? new Date(input.until) : undefined } : undefined,
        },
        orderBy: [{ startedAt: "desc" }, { id: "desc" }],
        take: input.limit + 1,
        ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
      });
      const more = rows.length > input.limit;
      const items = rows.slice(0, input.limit).map((r) => ({
        id: r.id,
        clusterId: r.clusterId,
        kind: r.kind as EventKind,
        severity: r.severity as EventSeverity,
        director: r.director,
        service: r.service,
        dest: r.dest,
        message: r.message,
        details: JSON.parse(r.details) as Record<string, unknown>,
        startedAt: r.startedAt.toISOString(),
        endedAt: r.endedAt?.toISOString() ?? null,
        endMessage: r.endMessage,
        open: r.openKey !== null,
      }));
      return { items, nextCursor: more ? items[items.length - 1]!.id : null };
    }),

  /** Opened/ended events of the cluster as they happen (SSE); the page refetches what changed. */
  live: viewerProcedure.input(z.object({ clusterId: z.string().min(1) })).subscription(async function* ({ input, signal }): AsyncGenerator<EventChange, void, undefined> {
    yield* eventChanges(input.clusterId, signal);
  }),
});
