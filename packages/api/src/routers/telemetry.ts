import { z } from "zod";
import { getTelemetry, healthTimeline, liveStream, querySeries, type LiveMessage } from "@shoal/telemetry";
import { ConnectionAnswer, ConnectionQuery, type ConnectionListing } from "@shoal/core/metrics/index";
import { router, viewerProcedure } from "../trpc.ts";
import { ShoalError } from "../errors.ts";
import { AgentOffline, getAgentRequests } from "../agent-http/requests.ts";

/** How long a browser waits for a director's agent to list its connections. */
const CONNECTIONS_TIMEOUT_MS = 10_000;

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

  /**
   * The director's connection table (`ipvsadm -Lcn`), fetched on demand: the agent reads
   * /proc/net/ip_vs_conn, filters and keeps the first `limit`, and answers through its console
   * channel. A director whose agent is offline answers nothing: a clear error after 10 s.
   */
  connections: viewerProcedure
    .input(z.object({ clusterId: z.string().min(1), directorId: z.string().min(1), query: ConnectionQuery }))
    .query(async ({ ctx, input }): Promise<ConnectionListing> => {
      const d = await ctx.db.director.findFirst({ where: { id: input.directorId, clusterId: input.clusterId }, select: { name: true } });
      if (!d) throw ShoalError.notFound("director", "调度器");
      let answer: unknown;
      try {
        answer = await getAgentRequests().ask(input.directorId, "connections", input.query, CONNECTIONS_TIMEOUT_MS);
      } catch (e) {
        if (!(e instanceof AgentOffline)) throw e;
        throw ShoalError.precondition(
          `director ${d.name} did not answer within ${CONNECTIONS_TIMEOUT_MS / 1000} s: its agent is offline or cannot reach this console (${e.message})`,
          `调度器 ${d.name} 在 ${CONNECTIONS_TIMEOUT_MS / 1000} 秒内未应答：其代理离线或无法连接本控制台（${e.message}）`,
        );
      }
      const a = ConnectionAnswer.parse(answer);
      if (!a.ok) throw ShoalError.precondition(`director ${d.name} could not read its connection table: ${a.error}`, `调度器 ${d.name} 无法读取连接表：${a.error}`);
      return a.listing;
    }),
});
