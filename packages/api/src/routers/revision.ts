import { Cluster } from "@shoal/core";
import { replaceDraft, type Db } from "@shoal/db";
import { z } from "zod";
import { diffClusters, summarize, type Change } from "../draft/diff.ts";
import { blockOnErrors, requireCluster, validateDraft } from "../draft/draft.ts";
import { ShoalError } from "../errors.ts";
import { notifyApplied } from "../revisions/notify.ts";
import { operatorProcedure, router, viewerProcedure } from "../trpc.ts";

/** Snapshotting or rewriting a 10,000-real-server draft outlives Prisma's 5 s default. */
export const LONG_TX = { timeout: 120_000, maxWait: 30_000 };

async function latest(db: Db, clusterId: string) {
  return db.revision.findFirst({ where: { clusterId }, orderBy: { number: "desc" } });
}

async function getRevision(db: Db, clusterId: string, number: number) {
  const r = await db.revision.findUnique({ where: { clusterId_number: { clusterId, number } } });
  if (!r) throw ShoalError.notFound(`revision ${number}`, `修订版 ${number}`);
  return r;
}

function revisionView(r: { number: number; authorName: string; message: string; createdAt: Date; diff: string; clusterId: string }) {
  const diff = JSON.parse(r.diff) as Change[];
  return { clusterId: r.clusterId, number: r.number, author: r.authorName, message: r.message, createdAt: r.createdAt.toISOString(), summary: summarize(diff) };
}

export const revisionRouter = router({
  list: viewerProcedure.input(z.object({ clusterId: z.string() })).query(async ({ ctx, input }) => {
    const rows = await ctx.db.revision.findMany({ where: { clusterId: input.clusterId }, orderBy: { number: "desc" }, omit: { snapshot: true } });
    return rows.map(revisionView);
  }),

  /** One revision with its snapshot (core Cluster) and its diff against the one before. */
  get: viewerProcedure.input(z.object({ clusterId: z.string(), number: z.number().int() })).query(async ({ ctx, input }) => {
    const r = await getRevision(ctx.db, input.clusterId, input.number);
    return { ...revisionView(r), snapshot: JSON.parse(r.snapshot) as Cluster, diff: JSON.parse(r.diff) as Change[] };
  }),

  /** What Apply would record: the draft's diff against the last revision, and its diagnostics. */
  preview: viewerProcedure.input(z.object({ clusterId: z.string() })).query(async ({ ctx, input }) => {
    const [draft, prev, c] = await Promise.all([
      requireCluster(ctx.db, input.clusterId),
      latest(ctx.db, input.clusterId),
      ctx.db.cluster.findUniqueOrThrow({ where: { id: input.clusterId }, select: { draftVersion: true } }),
    ]);
    const diff = diffClusters(prev ? (JSON.parse(prev.snapshot) as Cluster) : undefined, draft);
    const diagnostics = validateDraft(draft);
    return {
      nextNumber: (prev?.number ?? 0) + 1,
      draftVersion: c.draftVersion,
      diff,
      summary: summarize(diff),
      diagnostics,
      canApply: !diagnostics.some((d) => d.severity === "error"),
    };
  }),

  /** Diff between two revisions (from may be 0: the empty cluster). */
  diff: viewerProcedure.input(z.object({ clusterId: z.string(), from: z.number().int().min(0), to: z.number().int().min(1) })).query(async ({ ctx, input }) => {
    const a = input.from > 0 ? (JSON.parse((await getRevision(ctx.db, input.clusterId, input.from)).snapshot) as Cluster) : undefined;
    const b = JSON.parse((await getRevision(ctx.db, input.clusterId, input.to)).snapshot) as Cluster;
    return diffClusters(a, b);
  }),

  /**
   * The draft becomes the next immutable revision. Pass the draftVersion you previewed: if the
   * draft moved since, you get CONFLICT instead of applying something you did not see.
   */
  applyDraft: operatorProcedure
    .input(z.object({ clusterId: z.string(), message: z.string().trim().max(1000).default(""), draftVersion: z.number().int().optional() }))
    .mutation(async ({ ctx, input }) => {
      const rev = await ctx.db.$transaction(async (tx) => {
        const c = await tx.cluster.findUnique({ where: { id: input.clusterId } });
        if (!c) throw ShoalError.notFound("cluster", "集群");
        if (input.draftVersion !== undefined && input.draftVersion !== c.draftVersion) {
          throw ShoalError.conflict("the draft", { draftVersion: c.draftVersion }, { draftVersion: input.draftVersion }, ["draftVersion"]);
        }
        const draft = await requireCluster(tx, input.clusterId);
        blockOnErrors(validateDraft(draft));
        const prev = await tx.revision.findFirst({ where: { clusterId: input.clusterId }, orderBy: { number: "desc" } });
        const diff = diffClusters(prev ? (JSON.parse(prev.snapshot) as Cluster) : undefined, draft);
        const number = (prev?.number ?? 0) + 1;
        const r = await tx.revision.create({
          data: {
            clusterId: input.clusterId,
            number,
            authorId: ctx.user.id,
            authorName: ctx.user.username,
            message: input.message,
            snapshot: JSON.stringify(draft),
            diff: JSON.stringify(diff),
          },
        });
        await tx.cluster.update({ where: { id: input.clusterId }, data: { appliedRevision: number, appliedDraftVersion: c.draftVersion } });
        return r;
      }, LONG_TX);
      notifyApplied(input.clusterId, rev.number);
      const view = revisionView(rev);
      ctx.audit.push({ targetType: "revision", targetId: rev.id, clusterId: input.clusterId, after: { number: rev.number, message: rev.message, summary: view.summary } });
      return view;
    }),

  /** Replace the draft with an earlier revision's snapshot (apply it to make it live again). */
  restore: operatorProcedure.input(z.object({ clusterId: z.string(), number: z.number().int().min(1) })).mutation(async ({ ctx, input }) => {
    const r = await getRevision(ctx.db, input.clusterId, input.number);
    const before = await requireCluster(ctx.db, input.clusterId);
    const snapshot = JSON.parse(r.snapshot) as Cluster;
    const { createdDirectors } = await ctx.db.$transaction((tx) => replaceDraft(tx, input.clusterId, { ...snapshot, name: before.name }), LONG_TX);
    const after = await requireCluster(ctx.db, input.clusterId);
    ctx.audit.push({ targetType: "cluster", targetId: input.clusterId, clusterId: input.clusterId, before, after, message: `draft restored from revision ${input.number}` });
    return {
      restoredFrom: input.number,
      diagnostics: validateDraft(after),
      /** Directors the revision had and the draft no longer did: new enrollment tokens, shown once. */
      createdDirectors,
    };
  }),
});
