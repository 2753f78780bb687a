import { Cluster, diagnosticsPage, groupDiagnostics, type Diagnostic } from "@shoal/core";
import { replaceDraft, settingsOf } from "@shoal/db";
import { z } from "zod";
import { requireCluster, validateDraft } from "../draft/draft.ts";
import { ShoalError } from "../errors.ts";
import { DirectorAnswer, ImportFormat, parseImport } from "../import/parse.ts";
import { operatorProcedure, router } from "../trpc.ts";
import { LONG_TX } from "./revision.ts";

const Text = z.string().max(20_000_000, "at most 20 MB");
const NewName = Cluster.shape.name;

function counts(c: Cluster) {
  return {
    directors: c.directors.length,
    virtualServices: c.virtualServices.length,
    realServers: c.virtualServices.reduce((n, vs) => n + vs.realServers.length, 0),
  };
}

const Options = {
  /** The directors the operator confirmed in the preview (keepalived: the file's own and its peer). */
  directors: z.array(DirectorAnswer).max(16).optional(),
  /** ipvsadm: import the good lines, leaving out the bad ones the preview named. */
  skipBadLines: z.boolean().optional(),
};

/** A bounded view of a list: grouped by code with a few examples each; the rest is paged. */
function bounded(list: Diagnostic[]) {
  return { total: list.length, groups: groupDiagnostics(list) };
}

export const importRouter = router({
  /**
   * What an import would create, plus every invalid or unsupported part with its line. Changes
   * nothing. Bounded whatever the file's size: counts, not the cluster; grouped diagnostics with
   * a few examples each (`problems` pages through a group).
   */
  preview: operatorProcedure.input(z.object({ format: ImportFormat, text: Text, name: NewName.optional(), ...Options })).mutation(({ input }) => {
    const r = parseImport(input.format, input.text, input.name ?? "imported", input);
    if (!r.ok)
      return {
        ok: false as const,
        canSkip: r.canSkip,
        directors: r.directors,
        counts: null,
        errors: bounded(r.errors),
        warnings: bounded(r.warnings),
        diagnostics: bounded([]),
        skipped: bounded([]),
      };
    return {
      ok: true as const,
      canSkip: false,
      directors: r.directors,
      counts: counts(r.cluster),
      errors: bounded([]),
      warnings: bounded(r.warnings),
      diagnostics: bounded(validateDraft(r.cluster)),
      skipped: bounded(r.skipped),
    };
  }),

  /** One page of one group of the preview's diagnostics (the same parse, so the same list). */
  problems: operatorProcedure
    .input(
      z.object({
        format: ImportFormat,
        text: Text,
        ...Options,
        list: z.enum(["errors", "warnings", "diagnostics", "skipped"]),
        code: z.string().max(200),
        severity: z.enum(["error", "warning"]),
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(500),
      }),
    )
    .mutation(({ input }) => {
      const r = parseImport(input.format, input.text, "imported", input);
      const list = !r.ok
        ? input.list === "errors"
          ? r.errors
          : input.list === "warnings"
            ? r.warnings
            : []
        : input.list === "warnings"
          ? r.warnings
          : input.list === "diagnostics"
            ? validateDraft(r.cluster)
            : input.list === "skipped"
              ? r.skipped
              : [];
      return diagnosticsPage(list, input.code, input.severity, input.offset, input.limit);
    }),

  /**
   * Creates a new cluster from the file, or replaces an existing cluster's draft (apply it to make
   * it live). A file with errors changes nothing, unless the operator chose to import the rest of
   * an ipvsadm file (the bad lines are named in the answer, as in the preview).
   */
  commit: operatorProcedure
    .input(
      z.object({
        format: ImportFormat,
        text: Text,
        ...Options,
        target: z.discriminatedUnion("kind", [
          z.object({ kind: z.literal("new"), name: NewName }),
          z.object({ kind: z.literal("replace"), clusterId: z.string(), version: z.number().int() }),
        ]),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const name = input.target.kind === "new" ? input.target.name : "imported";
      const r = parseImport(input.format, input.text, name, input);
      if (!r.ok) throw ShoalError.badInput(r.errors);
      const skipped = bounded(r.skipped);
      const { db } = ctx;
      if (input.target.kind === "new") {
        if (await db.cluster.findUnique({ where: { name: input.target.name } })) {
          throw ShoalError.badInput([
            {
              severity: "error",
              code: "cluster.exists",
              path: ["target", "name"],
              message: { en: `a cluster named ${input.target.name} exists`, zh: `名为 ${input.target.name} 的集群已存在` },
            },
          ]);
        }
        const cluster = { ...r.cluster, name: input.target.name };
        const out = await db.$transaction(async (tx) => {
          const c = await tx.cluster.create({ data: { name: cluster.name, description: cluster.description, settings: settingsOf(cluster) } });
          return { id: c.id, ...(await replaceDraft(tx, c.id, cluster)) };
        }, LONG_TX);
        ctx.audit.push({
          targetType: "cluster",
          targetId: out.id,
          clusterId: out.id,
          after: counts(cluster),
          message: `imported from ${input.format}${r.skipped.length ? ` without ${r.skipped.length} bad line(s)` : ""}`,
        });
        return {
          clusterId: out.id,
          createdDirectors: out.createdDirectors,
          warnings: bounded(r.warnings),
          skipped,
          diagnostics: bounded(validateDraft(await requireCluster(db, out.id))),
        };
      }
      const { clusterId, version } = input.target;
      const before = await requireCluster(db, clusterId);
      const out = await db.$transaction(async (tx) => {
        const c = await tx.cluster.findUnique({ where: { id: clusterId } });
        if (!c) throw ShoalError.notFound("cluster", "集群");
        if (c.version !== version) throw ShoalError.conflict("cluster", { version: c.version }, { version }, ["version"]);
        return replaceDraft(tx, clusterId, { ...r.cluster, name: c.name });
      }, LONG_TX);
      const after = await requireCluster(db, clusterId);
      ctx.audit.push({
        targetType: "cluster",
        targetId: clusterId,
        clusterId,
        before: counts(before),
        after: counts(after),
        message: `draft replaced by import from ${input.format}${r.skipped.length ? ` without ${r.skipped.length} bad line(s)` : ""}`,
      });
      return { clusterId, createdDirectors: out.createdDirectors, warnings: bounded(r.warnings), skipped, diagnostics: bounded(validateDraft(after)) };
    }),
});
