import { z } from "zod";
import { getTelemetry, healthTimeline, liveStream, querySeries, type LiveMessage } from "@shoal/telemetry";
import { router, viewerProcedure } from "../trpc.ts";

/** Epoch milliseconds; the upper bound keeps a typo from asking for the year 275760. */
const epochMs = z.number().int().nonnegative().max(8.64e15);

function range<T extends { from: number; to: number }>(schema: z.ZodType<T>) {
  return schema.refine((r) => r.to >= r.from, { message: "`to` must not be before `from`", path: ["to"] });
}

/**
 * Live monitoring (issue 5): what agents POST to /api/agent/v1/samples, read back by the console.
 * Everything here is viewer-level: anyone signed in may watch every cluster. The store is the
 * process-wide one (getTelemetry), shared with the agent route that fills it.
 */
export const telemetryRouter = router({
  /** One message per director-second of the cluster (SSE via httpSubscriptionLink). */
  live: viewerProcedure
    .input(z.object({ clusterId: z.string().min(1), destsOf: z.array(z.string().min(1).max(200)).max(50).optional() }))
    // An async generator so the store is opened only when a client actually reads the stream
    // (the authorization test resolves every procedure without iterating it).
    .subscription(async function* ({ input, signal }): AsyncGenerator<LiveMessage, void, undefined> {
      yield* liveStream(getTelemetry().hub, { ...input, ...(signal ? { signal } : {}) });
    }),

  /** History (or the last minutes from memory) of the director totals, a service or a real server. */
  series: viewerProcedure
    .input(
      range(
        z.object({
          clusterId: z.string().min(1),
          kind: z.enum(["totals", "service", "dest"]),
          service: z.string().min(1).max(200).optional(),
          dest: z.string().min(1).max(200).optional(),
          from: epochMs,
          to: epochMs,
          maxPoints: z.number().int().min(10).max(5000).optional(),
        }),
      ),
    )
    .query(({ input }) => {
      const tel = getTelemetry();
      // All directors of the cluster add up: a VIP moves between the pair on failover.
      return querySeries(tel, { ...input, directorIds: tel.directorsOf(input.clusterId) });
    }),

  /** A real server's health check verdicts over time, per director. */
  health: viewerProcedure
    .input(range(z.object({ clusterId: z.string().min(1), service: z.string().min(1).max(200), dest: z.string().min(1).max(200), from: epochMs, to: epochMs })))
    .query(({ input }) => {
      const tel = getTelemetry();
      return healthTimeline(tel, { ...input, directorIds: tel.directorsOf(input.clusterId) });
    }),
});
