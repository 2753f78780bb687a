import { serviceKey, VirtualService } from "@shoal/core";
import { countServiceRows, listServiceRows, Prisma, realServerToRow, rowToRealServer, rowToService, SERVICE_LIST_SORT, serviceToRow } from "@shoal/db";
import { z } from "zod";
import { draftDiagnostics, touchDraft } from "../draft/draft.ts";
import { guardedUpdate } from "../draft/versioned.ts";
import { ShoalError } from "../errors.ts";
import { operatorProcedure, router, viewerProcedure } from "../trpc.ts";
import type { Db } from "@shoal/db";

const ServiceInput = VirtualService.omit({ id: true, realServers: true });
const ServiceCreate = VirtualService.omit({ id: true });

/** A full service for its edit page: real servers carry their own versions. */
export async function serviceDetail(db: Db | Prisma.TransactionClient, id: string) {
  const row = await db.virtualService.findUnique({
    where: { id },
    include: { realServers: { orderBy: { position: "asc" } } },
  });
  if (!row) throw ShoalError.notFound("virtual service", "虚拟服务");
  const vs = rowToService(row, row.realServers.map(rowToRealServer));
  return {
    ...vs,
    id: row.id,
    clusterId: row.clusterId,
    version: row.version,
    key: serviceKey(vs),
    realServers: row.realServers.map((rs) => ({ ...rowToRealServer(rs), id: rs.id, version: rs.version, drainedWeight: rs.drainedWeight })),
  };
}

export const virtualServiceRouter = router({
  /**
   * Compact rows, filtered, sorted and paged in SQL, real servers as counts only (the editor loads
   * them with `get`). Fast enough for 1,000 services x 10 real servers (bench/console-api).
   */
  list: viewerProcedure
    .input(
      z.object({
        clusterId: z.string(),
        search: z.string().max(200).optional(),
        protocol: z.enum(["tcp", "udp", "sctp", "fwmark"]).optional(),
        enabled: z.boolean().optional(),
        sort: z.enum(SERVICE_LIST_SORT).default("position"),
        direction: z.enum(["asc", "desc"]).default("asc"),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
      }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await listServiceRows(ctx.db, input);
      const total = rows[0] ? Number(rows[0].total) : input.offset > 0 ? await countServiceRows(ctx.db, input) : 0;
      return {
        total,
        items: rows.map((r) => ({
          id: r.id,
          name: r.name,
          protocol: r.protocol,
          family: r.family,
          address: r.address,
          port: r.port === null ? null : Number(r.port),
          fwmark: r.fwmark === null ? null : Number(r.fwmark),
          scheduler: r.scheduler,
          enabled: Boolean(Number(r.enabled)),
          version: Number(r.version),
          position: Number(r.position),
          key: serviceKey({
            protocol: r.protocol as "tcp",
            family: r.family as "inet",
            address: r.address ?? undefined,
            port: r.port === null ? undefined : Number(r.port),
            fwmark: r.fwmark === null ? undefined : Number(r.fwmark),
          }),
          realServers: Number(r.realServers),
          activeRealServers: Number(r.activeRealServers),
        })),
      };
    }),

  get: viewerProcedure.input(z.object({ id: z.string() })).query(({ ctx, input }) => serviceDetail(ctx.db, input.id)),

  /** A new service, optionally with its real servers. */
  create: operatorProcedure.input(z.object({ clusterId: z.string(), data: ServiceCreate })).mutation(async ({ ctx, input }) => {
    if (!(await ctx.db.cluster.findUnique({ where: { id: input.clusterId }, select: { id: true } }))) throw ShoalError.notFound("cluster", "集群");
    const id = await ctx.db.$transaction(async (tx) => {
      const last = await tx.virtualService.findFirst({ where: { clusterId: input.clusterId }, orderBy: { position: "desc" }, select: { position: true } });
      const row = await tx.virtualService.create({
        data: { clusterId: input.clusterId, position: (last?.position ?? -1) + 1, ...serviceToRow(input.data as VirtualService) },
        select: { id: true },
      });
      if (input.data.realServers.length) {
        await tx.realServer.createMany({ data: input.data.realServers.map((rs, i) => ({ serviceId: row.id, position: i, ...realServerToRow(rs) })) });
      }
      await touchDraft(tx, input.clusterId);
      return row.id;
    });
    const after = await serviceDetail(ctx.db, id);
    ctx.audit.push({ targetType: "virtualService", targetId: id, clusterId: input.clusterId, after });
    return { service: after, diagnostics: await draftDiagnostics(ctx.db, input.clusterId) };
  }),

  /** Replaces the service's own fields (not its real servers: those have their own router). */
  update: operatorProcedure.input(z.object({ id: z.string(), version: z.number().int(), data: ServiceInput })).mutation(async ({ ctx, input }) => {
    const before = await serviceDetail(ctx.db, input.id);
    await ctx.db.$transaction(async (tx) => {
      await guardedUpdate({
        what: "virtual service",
        zh: "虚拟服务",
        yours: { ...input.data, version: input.version },
        update: () =>
          tx.virtualService.updateMany({
            where: { id: input.id, version: input.version },
            data: { ...serviceToRow({ ...input.data, realServers: [] }), version: { increment: 1 } },
          }),
        current: () => serviceDetail(tx, input.id).catch(() => null),
        view: ({ realServers: _r, ...s }) => s,
      });
      await touchDraft(tx, before.clusterId);
    });
    const after = await serviceDetail(ctx.db, input.id);
    ctx.audit.push({
      targetType: "virtualService",
      targetId: input.id,
      clusterId: before.clusterId,
      before: { ...before, realServers: undefined },
      after: { ...after, realServers: undefined },
    });
    return { service: after, diagnostics: await draftDiagnostics(ctx.db, before.clusterId) };
  }),

  setEnabled: operatorProcedure.input(z.object({ id: z.string(), version: z.number().int(), enabled: z.boolean() })).mutation(async ({ ctx, input }) => {
    const before = await serviceDetail(ctx.db, input.id);
    const { realServers: _r, clusterId: _c, version: _v, key: _k, ...data } = before;
    await ctx.db.$transaction(async (tx) => {
      await guardedUpdate({
        what: "virtual service",
        zh: "虚拟服务",
        yours: { enabled: input.enabled, version: input.version },
        update: () =>
          tx.virtualService.updateMany({
            where: { id: input.id, version: input.version },
            data: { ...serviceToRow({ ...data, enabled: input.enabled, realServers: [] }), version: { increment: 1 } },
          }),
        current: () => tx.virtualService.findUnique({ where: { id: input.id } }),
        view: (r) => ({ enabled: r.enabled, version: r.version }),
      });
      await touchDraft(tx, before.clusterId);
    });
    const after = await serviceDetail(ctx.db, input.id);
    ctx.audit.push({ targetType: "virtualService", targetId: input.id, clusterId: before.clusterId, before: { enabled: before.enabled }, after: { enabled: after.enabled } });
    return { service: after, diagnostics: await draftDiagnostics(ctx.db, before.clusterId) };
  }),

  delete: operatorProcedure.input(z.object({ id: z.string(), version: z.number().int() })).mutation(async ({ ctx, input }) => {
    const before = await serviceDetail(ctx.db, input.id);
    await ctx.db.$transaction(async (tx) => {
      const r = await tx.virtualService.deleteMany({ where: { id: input.id, version: input.version } });
      if (r.count !== 1) throw ShoalError.conflict("virtual service", before, input, ["version"]);
      await touchDraft(tx, before.clusterId);
    });
    ctx.audit.push({ targetType: "virtualService", targetId: input.id, clusterId: before.clusterId, before });
    return { ok: true, diagnostics: await draftDiagnostics(ctx.db, before.clusterId) };
  }),
});
