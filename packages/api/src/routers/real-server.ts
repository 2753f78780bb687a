import { HealthCheck, RealServer } from "@shoal/core";
import { realServerToRow, rowToRealServer, serviceToRow, rowToService, type Db, type Prisma } from "@shoal/db";
import { z } from "zod";
import { draftDiagnostics, touchDraft } from "../draft/draft.ts";
import { guardedUpdate } from "../draft/versioned.ts";
import { ShoalError } from "../errors.ts";
import type { Context } from "../context.ts";
import { operatorProcedure, router, viewerProcedure } from "../trpc.ts";

type Tx = Db | Prisma.TransactionClient;
const RealServerInput = RealServer.omit({ id: true });

async function load(db: Tx, id: string) {
  const r = await db.realServer.findUnique({ where: { id }, include: { service: { select: { clusterId: true } } } });
  if (!r) throw ShoalError.notFound("real server", "真实服务器");
  return { ...rowToRealServer(r), id: r.id, serviceId: r.serviceId, clusterId: r.service.clusterId, version: r.version, drainedWeight: r.drainedWeight };
}

/**
 * Version-guarded replacement of one real server's fields; every edit below goes through here.
 * The weight a drain replaced is kept (drainedWeight) until the weight is set again by any edit.
 */
async function save(ctx: Context, id: string, version: number, change: (rs: RealServer) => RealServer, drainedWeight: number | null = null) {
  const before = await load(ctx.db, id);
  const { serviceId: _s, clusterId, version: _v, drainedWeight: _d, ...current } = before;
  const next = RealServer.parse(change(current));
  const keepDrained = drainedWeight ?? (next.weight === 0 ? before.drainedWeight : null);
  await ctx.db.$transaction(async (tx) => {
    await guardedUpdate({
      what: "real server",
      zh: "真实服务器",
      yours: { ...next, version },
      update: () => tx.realServer.updateMany({ where: { id, version }, data: { ...realServerToRow(next), drainedWeight: keepDrained, version: { increment: 1 } } }),
      current: () => load(tx, id).catch(() => null),
      view: ({ serviceId: _a, clusterId: _b, drainedWeight: _c, ...rs }) => rs,
    });
    await touchDraft(tx, clusterId);
  });
  const after = await load(ctx.db, id);
  ctx.audit.push({ targetType: "realServer", targetId: id, clusterId, before, after });
  return { realServer: after, diagnostics: await draftDiagnostics(ctx.db, clusterId) };
}

const Ref = z.object({ id: z.string(), version: z.number().int() });

export const realServerRouter = router({
  list: viewerProcedure.input(z.object({ serviceId: z.string() })).query(async ({ ctx, input }) => {
    const rows = await ctx.db.realServer.findMany({ where: { serviceId: input.serviceId }, orderBy: { position: "asc" } });
    return rows.map((r) => ({ ...rowToRealServer(r), id: r.id, serviceId: r.serviceId, version: r.version, drainedWeight: r.drainedWeight }));
  }),

  get: viewerProcedure.input(z.object({ id: z.string() })).query(({ ctx, input }) => load(ctx.db, input.id)),

  create: operatorProcedure.input(z.object({ serviceId: z.string(), data: RealServerInput })).mutation(async ({ ctx, input }) => {
    const svc = await ctx.db.virtualService.findUnique({ where: { id: input.serviceId }, select: { clusterId: true } });
    if (!svc) throw ShoalError.notFound("virtual service", "虚拟服务");
    const id = await ctx.db.$transaction(async (tx) => {
      const last = await tx.realServer.findFirst({ where: { serviceId: input.serviceId }, orderBy: { position: "desc" }, select: { position: true } });
      const row = await tx.realServer.create({ data: { serviceId: input.serviceId, position: (last?.position ?? -1) + 1, ...realServerToRow(input.data) } });
      await touchDraft(tx, svc.clusterId);
      return row.id;
    });
    const after = await load(ctx.db, id);
    ctx.audit.push({ targetType: "realServer", targetId: id, clusterId: svc.clusterId, after });
    return { realServer: after, diagnostics: await draftDiagnostics(ctx.db, svc.clusterId) };
  }),

  update: operatorProcedure.input(Ref.extend({ data: RealServerInput })).mutation(({ ctx, input }) => save(ctx, input.id, input.version, () => ({ ...input.data }))),

  setEnabled: operatorProcedure
    .input(Ref.extend({ enabled: z.boolean() }))
    .mutation(({ ctx, input }) => save(ctx, input.id, input.version, (rs) => ({ ...rs, enabled: input.enabled }))),

  /** Weight 0: no new connections, existing ones finish (IPVS quiescing). */
  drain: operatorProcedure.input(Ref).mutation(async ({ ctx, input }) => {
    const rs = await load(ctx.db, input.id);
    // draining twice keeps the weight from before the first drain
    const from = rs.weight > 0 ? rs.weight : rs.drainedWeight;
    return save(ctx, input.id, input.version, (r) => ({ ...r, weight: 0 }), from ?? null);
  }),

  /** Back to the weight it had before the drain (1 if it was never drained through the console). */
  undrain: operatorProcedure.input(Ref).mutation(async ({ ctx, input }) => {
    const rs = await load(ctx.db, input.id);
    if (rs.weight > 0) throw ShoalError.precondition(`the real server is not drained (weight ${rs.weight})`, `该真实服务器未处于排空状态（权重 ${rs.weight}）`);
    return save(ctx, input.id, input.version, (r) => ({ ...r, weight: rs.drainedWeight ?? 1 }));
  }),

  /** Override (or with null, drop the override of) the service's health check for this server. */
  setHealthCheck: operatorProcedure.input(Ref.extend({ healthCheck: HealthCheck.nullable() })).mutation(({ ctx, input }) =>
    save(ctx, input.id, input.version, (rs) => {
      const { healthCheck: _h, ...rest } = rs;
      return input.healthCheck ? { ...rest, healthCheck: input.healthCheck } : rest;
    }),
  ),

  delete: operatorProcedure.input(Ref).mutation(async ({ ctx, input }) => {
    const before = await load(ctx.db, input.id);
    await ctx.db.$transaction(async (tx) => {
      const r = await tx.realServer.deleteMany({ where: { id: input.id, version: input.version } });
      if (r.count !== 1) throw ShoalError.conflict("real server", before, input, ["version"]);
      await touchDraft(tx, before.clusterId);
    });
    ctx.audit.push({ targetType: "realServer", targetId: input.id, clusterId: before.clusterId, before });
    return { ok: true, diagnostics: await draftDiagnostics(ctx.db, before.clusterId) };
  }),
});

/** The service-level health check, versioned with its service. */
export const healthCheckRouter = router({
  get: viewerProcedure.input(z.object({ serviceId: z.string() })).query(async ({ ctx, input }) => {
    const row = await ctx.db.virtualService.findUnique({ where: { id: input.serviceId } });
    if (!row) throw ShoalError.notFound("virtual service", "虚拟服务");
    return { healthCheck: rowToService(row, []).healthCheck, version: row.version };
  }),

  set: operatorProcedure.input(z.object({ serviceId: z.string(), version: z.number().int(), healthCheck: HealthCheck })).mutation(async ({ ctx, input }) => {
    const row = await ctx.db.virtualService.findUnique({ where: { id: input.serviceId } });
    if (!row) throw ShoalError.notFound("virtual service", "虚拟服务");
    const before = rowToService(row, []);
    const next = { ...before, healthCheck: input.healthCheck };
    await ctx.db.$transaction(async (tx) => {
      await guardedUpdate({
        what: "virtual service",
        zh: "虚拟服务",
        yours: { healthCheck: input.healthCheck, version: input.version },
        update: () => tx.virtualService.updateMany({ where: { id: input.serviceId, version: input.version }, data: { ...serviceToRow(next), version: { increment: 1 } } }),
        current: () => tx.virtualService.findUnique({ where: { id: input.serviceId } }),
        view: (r) => ({ healthCheck: rowToService(r, []).healthCheck, version: r.version }),
      });
      await touchDraft(tx, row.clusterId);
    });
    ctx.audit.push({
      targetType: "virtualService",
      targetId: input.serviceId,
      clusterId: row.clusterId,
      before: { healthCheck: before.healthCheck },
      after: { healthCheck: input.healthCheck },
    });
    return { healthCheck: input.healthCheck, version: row.version + 1, diagnostics: await draftDiagnostics(ctx.db, row.clusterId) };
  }),
});
