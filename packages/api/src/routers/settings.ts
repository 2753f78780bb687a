import { SyncDaemon, Timeouts, Vrrp } from "@shoal/core";
import { parseSettings, settingsOf, type Db } from "@shoal/db";
import { z } from "zod";
import { draftDiagnostics } from "../draft/draft.ts";
import { guardedUpdate } from "../draft/versioned.ts";
import { ShoalError } from "../errors.ts";
import type { Context } from "../context.ts";
import { operatorProcedure, router, viewerProcedure } from "../trpc.ts";
import type { ClusterSettings } from "@shoal/db";

async function readSettings(db: Db, clusterId: string) {
  const c = await db.cluster.findUnique({ where: { id: clusterId }, select: { settings: true, version: true } });
  if (!c) throw ShoalError.notFound("cluster", "集群");
  return { ...parseSettings(c.settings), version: c.version };
}

/** Settings and VRRP share the cluster's version: both are cluster-wide and rarely edited. */
export async function writeSettings(ctx: Context, clusterId: string, version: number, patch: Partial<ClusterSettings>, what: string) {
  const before = await readSettings(ctx.db, clusterId);
  const { version: _v, ...current } = before;
  const next: ClusterSettings = { ...current, ...patch };
  await guardedUpdate({
    what,
    zh: what === "vrrp" ? "VRRP 设置" : "集群设置",
    yours: { ...next, version },
    update: () => ctx.db.cluster.updateMany({ where: { id: clusterId, version }, data: { settings: settingsOf(next), version: { increment: 1 }, draftVersion: { increment: 1 } } }),
    current: () => readSettings(ctx.db, clusterId).catch(() => null),
    view: (s) => s,
  });
  const after = await readSettings(ctx.db, clusterId);
  ctx.audit.push({ targetType: what, targetId: clusterId, clusterId, before, after });
  return { ...after, diagnostics: await draftDiagnostics(ctx.db, clusterId) };
}

export const settingsRouter = router({
  get: viewerProcedure.input(z.object({ clusterId: z.string() })).query(async ({ ctx, input }) => {
    const s = await readSettings(ctx.db, input.clusterId);
    return { timeouts: s.timeouts, syncDaemon: s.syncDaemon ?? null, version: s.version };
  }),

  /** Timeouts and the sync daemon; syncDaemon null removes it. */
  update: operatorProcedure
    .input(z.object({ clusterId: z.string(), version: z.number().int(), timeouts: Timeouts.optional(), syncDaemon: SyncDaemon.nullable().optional() }))
    .mutation(({ ctx, input }) => {
      const patch: Partial<ClusterSettings> = {};
      if (input.timeouts) patch.timeouts = input.timeouts;
      if (input.syncDaemon !== undefined) patch.syncDaemon = input.syncDaemon ?? undefined;
      return writeSettings(ctx, input.clusterId, input.version, patch, "settings");
    }),
});

export const vrrpRouter = router({
  get: viewerProcedure.input(z.object({ clusterId: z.string() })).query(async ({ ctx, input }) => {
    const s = await readSettings(ctx.db, input.clusterId);
    return { vrrp: s.vrrp ?? null, version: s.version };
  }),

  /** The VRRP instance moving VIPs between primary and backup; null removes it. */
  update: operatorProcedure
    .input(z.object({ clusterId: z.string(), version: z.number().int(), vrrp: Vrrp.nullable() }))
    .mutation(({ ctx, input }) => writeSettings(ctx, input.clusterId, input.version, { vrrp: input.vrrp ?? undefined }, "vrrp")),
});
