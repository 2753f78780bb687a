import { Cluster } from "@shoal/core";
import { parseSettings } from "@shoal/db";
import { z } from "zod";
import { draftDiagnostics, requireCluster } from "../draft/draft.ts";
import { guardedUpdate } from "../draft/versioned.ts";
import { ShoalError } from "../errors.ts";
import { adminProcedure, operatorProcedure, router, viewerProcedure } from "../trpc.ts";
import type { Db } from "@shoal/db";

export async function clusterSummary(db: Db, id: string) {
  const c = await db.cluster.findUnique({
    where: { id },
    include: { _count: { select: { directors: true, virtualServices: true } } },
  });
  if (!c) throw ShoalError.notFound("cluster", "集群");
  return summarize(c);
}

function summarize(c: {
  id: string;
  name: string;
  description: string;
  settings: string;
  version: number;
  draftVersion: number;
  appliedRevision: number | null;
  appliedDraftVersion: number | null;
  updatedAt: Date;
  _count: { directors: number; virtualServices: number };
}) {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    version: c.version,
    draftVersion: c.draftVersion,
    appliedRevision: c.appliedRevision,
    /** The draft differs from the last applied revision (or nothing was applied yet). */
    unappliedChanges: c.appliedDraftVersion !== c.draftVersion,
    directors: c._count.directors,
    virtualServices: c._count.virtualServices,
    settings: parseSettings(c.settings),
    updatedAt: c.updatedAt.toISOString(),
  };
}

const Identity = Cluster.pick({ name: true, description: true });

export const clusterRouter = router({
  list: viewerProcedure.query(async ({ ctx }) => {
    const rows = await ctx.db.cluster.findMany({
      orderBy: { name: "asc" },
      include: { _count: { select: { directors: true, virtualServices: true } } },
    });
    return rows.map(summarize);
  }),

  get: viewerProcedure.input(z.object({ id: z.string() })).query(({ ctx, input }) => clusterSummary(ctx.db, input.id)),

  /** The whole draft as a core Cluster (what Apply would snapshot). */
  draft: viewerProcedure.input(z.object({ id: z.string() })).query(({ ctx, input }) => requireCluster(ctx.db, input.id)),

  /** validateCluster on the draft: errors block Apply, warnings are shown. */
  validate: viewerProcedure.input(z.object({ id: z.string() })).query(async ({ ctx, input }) => ({
    diagnostics: await draftDiagnostics(ctx.db, input.id),
  })),

  create: operatorProcedure.input(Identity).mutation(async ({ ctx, input }) => {
    if (await ctx.db.cluster.findUnique({ where: { name: input.name } })) {
      throw ShoalError.badInput([
        { severity: "error", code: "cluster.exists", path: ["name"], message: { en: `a cluster named ${input.name} exists`, zh: `名为 ${input.name} 的集群已存在` } },
      ]);
    }
    const c = await ctx.db.cluster.create({ data: { name: input.name, description: input.description, settings: JSON.stringify({ timeouts: { tcp: 0, tcpFin: 0, udp: 0 } }) } });
    ctx.audit.push({ targetType: "cluster", targetId: c.id, clusterId: c.id, after: input });
    return clusterSummary(ctx.db, c.id);
  }),

  update: operatorProcedure.input(z.object({ id: z.string(), version: z.number().int() }).extend(Identity.partial().shape)).mutation(async ({ ctx, input }) => {
    const before = await clusterSummary(ctx.db, input.id);
    const data = { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.description !== undefined ? { description: input.description } : {}) };
    if (input.name && input.name !== before.name && (await ctx.db.cluster.findUnique({ where: { name: input.name } }))) {
      throw ShoalError.badInput([
        { severity: "error", code: "cluster.exists", path: ["name"], message: { en: `a cluster named ${input.name} exists`, zh: `名为 ${input.name} 的集群已存在` } },
      ]);
    }
    await guardedUpdate({
      what: "cluster",
      zh: "集群",
      yours: { name: before.name, description: before.description, ...data, version: input.version },
      update: () => ctx.db.cluster.updateMany({ where: { id: input.id, version: input.version }, data: { ...data, version: { increment: 1 }, draftVersion: { increment: 1 } } }),
      current: () => ctx.db.cluster.findUnique({ where: { id: input.id } }),
      view: (c) => ({ name: c.name, description: c.description, version: c.version }),
    });
    const after = await clusterSummary(ctx.db, input.id);
    ctx.audit.push({
      targetType: "cluster",
      targetId: input.id,
      clusterId: input.id,
      before: { name: before.name, description: before.description },
      after: { name: after.name, description: after.description },
    });
    return after;
  }),

  /** Admin only: removes the cluster, its directors (their tokens stop working) and revisions. */
  delete: adminProcedure.input(z.object({ id: z.string(), version: z.number().int() })).mutation(async ({ ctx, input }) => {
    const before = await requireCluster(ctx.db, input.id);
    const r = await ctx.db.cluster.deleteMany({ where: { id: input.id, version: input.version } });
    if (r.count !== 1) throw ShoalError.conflict("cluster", await clusterSummary(ctx.db, input.id), input, ["version"]);
    ctx.audit.push({ targetType: "cluster", targetId: input.id, clusterId: input.id, before });
    return { ok: true };
  }),
});
