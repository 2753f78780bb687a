import { Director, StatusReport } from "@shoal/core";
import { directorToRow, newAgentToken, rowToDirector } from "@shoal/db";
import { z } from "zod";
import { draftDiagnostics, touchDraft } from "../draft/draft.ts";
import { guardedUpdate } from "../draft/versioned.ts";
import { ShoalError } from "../errors.ts";
import { operatorProcedure, router, viewerProcedure } from "../trpc.ts";

interface DirectorRecord {
  id: string;
  clusterId: string;
  data: string;
  version: number;
  lastSeenAt: Date | null;
  appliedRevision: number | null;
  agentVersion: string | null;
  status: string | null;
  lastError: string | null;
}

/** The last report as stored; one written by an older console that no longer parses shows as none. */
function storedStatus(raw: string | null): StatusReport | null {
  if (!raw) return null;
  try {
    const r = StatusReport.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** What the console shows of a director: its topology fields plus what its agent last reported. */
export function directorView(r: DirectorRecord) {
  return {
    ...rowToDirector(r),
    id: r.id,
    clusterId: r.clusterId,
    version: r.version,
    agent: {
      lastSeenAt: r.lastSeenAt?.toISOString() ?? null,
      appliedRevision: r.appliedRevision,
      agentVersion: r.agentVersion,
      status: storedStatus(r.status),
      lastError: r.lastError,
    },
  };
}

const select = { id: true, clusterId: true, data: true, version: true, lastSeenAt: true, appliedRevision: true, agentVersion: true, status: true, lastError: true } as const;
const DirectorInput = Director.omit({ id: true });

function duplicateName(name: string) {
  return ShoalError.badInput([
    { severity: "error", code: "director.exists", path: ["name"], message: { en: `a director named ${name} exists in this cluster`, zh: `此集群中已有名为 ${name} 的调度器` } },
  ]);
}

export const directorRouter = router({
  list: viewerProcedure.input(z.object({ clusterId: z.string() })).query(async ({ ctx, input }) => {
    const rows = await ctx.db.director.findMany({ where: { clusterId: input.clusterId }, orderBy: { createdAt: "asc" }, select });
    return rows.map(directorView);
  }),

  get: viewerProcedure.input(z.object({ id: z.string() })).query(async ({ ctx, input }) => {
    const r = await ctx.db.director.findUnique({ where: { id: input.id }, select });
    if (!r) throw ShoalError.notFound("director", "调度器");
    return directorView(r);
  }),

  /** Returns the agent's enrollment token this once; only its hash is kept. */
  create: operatorProcedure.input(z.object({ clusterId: z.string(), data: DirectorInput })).mutation(async ({ ctx, input }) => {
    const cluster = await ctx.db.cluster.findUnique({ where: { id: input.clusterId } });
    if (!cluster) throw ShoalError.notFound("cluster", "集群");
    if (await ctx.db.director.findUnique({ where: { clusterId_name: { clusterId: input.clusterId, name: input.data.name } } })) throw duplicateName(input.data.name);
    const { token, hash } = newAgentToken();
    const r = await ctx.db.$transaction(async (tx) => {
      const row = await tx.director.create({ data: { clusterId: input.clusterId, tokenHash: hash, ...directorToRow(input.data) }, select });
      await touchDraft(tx, input.clusterId);
      return row;
    });
    const director = directorView(r);
    ctx.audit.push({ targetType: "director", targetId: r.id, clusterId: input.clusterId, after: rowToDirector(r) });
    return { director, enrollmentToken: token, diagnostics: await draftDiagnostics(ctx.db, input.clusterId) };
  }),

  update: operatorProcedure.input(z.object({ id: z.string(), version: z.number().int(), data: DirectorInput })).mutation(async ({ ctx, input }) => {
    const before = await ctx.db.director.findUnique({ where: { id: input.id }, select });
    if (!before) throw ShoalError.notFound("director", "调度器");
    const clash = await ctx.db.director.findUnique({ where: { clusterId_name: { clusterId: before.clusterId, name: input.data.name } } });
    if (clash && clash.id !== input.id) throw duplicateName(input.data.name);
    await ctx.db.$transaction(async (tx) => {
      await guardedUpdate({
        what: "director",
        zh: "调度器",
        yours: { ...input.data, version: input.version },
        update: () => tx.director.updateMany({ where: { id: input.id, version: input.version }, data: { ...directorToRow(input.data), version: { increment: 1 } } }),
        current: () => tx.director.findUnique({ where: { id: input.id }, select }),
        view: (r) => ({ ...rowToDirector(r), version: r.version }),
      });
      await touchDraft(tx, before.clusterId);
    });
    const after = await ctx.db.director.findUniqueOrThrow({ where: { id: input.id }, select });
    ctx.audit.push({ targetType: "director", targetId: input.id, clusterId: before.clusterId, before: rowToDirector(before), after: rowToDirector(after) });
    return { director: directorView(after), diagnostics: await draftDiagnostics(ctx.db, before.clusterId) };
  }),

  /** A new enrollment token (the old one stops working at once), shown this once. */
  rotateToken: operatorProcedure.input(z.object({ id: z.string() })).mutation(async ({ ctx, input }) => {
    const d = await ctx.db.director.findUnique({ where: { id: input.id }, select });
    if (!d) throw ShoalError.notFound("director", "调度器");
    const { token, hash } = newAgentToken();
    await ctx.db.director.update({ where: { id: input.id }, data: { tokenHash: hash } });
    ctx.audit.push({ targetType: "director", targetId: input.id, clusterId: d.clusterId, message: "enrollment token rotated" });
    return { enrollmentToken: token };
  }),

  delete: operatorProcedure.input(z.object({ id: z.string(), version: z.number().int() })).mutation(async ({ ctx, input }) => {
    const before = await ctx.db.director.findUnique({ where: { id: input.id }, select });
    if (!before) throw ShoalError.notFound("director", "调度器");
    await ctx.db.$transaction(async (tx) => {
      const r = await tx.director.deleteMany({ where: { id: input.id, version: input.version } });
      if (r.count !== 1) throw ShoalError.conflict("director", { ...rowToDirector(before), version: before.version }, input, ["version"]);
      await touchDraft(tx, before.clusterId);
    });
    ctx.audit.push({ targetType: "director", targetId: input.id, clusterId: before.clusterId, before: rowToDirector(before) });
    return { ok: true, diagnostics: await draftDiagnostics(ctx.db, before.clusterId) };
  }),
});
