import { Cluster } from "@shoal/core";
import { replaceDraft, settingsOf } from "@shoal/db";
import { z } from "zod";
import { requireCluster, validateDraft } from "../draft/draft.ts";
import { ShoalError } from "../errors.ts";
import { ImportFormat, parseImport } from "../import/parse.ts";
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

export const importRouter = router({
  /** What an import would create, plus every invalid or unsupported part with its line. Changes nothing. */
  preview: operatorProcedure
    .input(z.object({ format: ImportFormat, text: Text, name: NewName.optional() }))
    .mutation(({ input }) => {
      const r = parseImport(input.format, input.text, input.name ?? "imported");
      if (!r.ok) return { ok: false as const, errors: r.errors, warnings: r.warnings, cluster: null, counts: null, diagnostics: [] };
      return { ok: true as const, errors: [], warnings: r.warnings, cluster: r.cluster, counts: counts(r.cluster), diagnostics: validateDraft(r.cluster) };
    }),

  /**
   * Creates a new cluster from the file, or replaces an existing cluster's draft (apply it to make
   * it live). A file with errors changes nothing.
   */
  commit: operatorProcedure
    .input(
      z.object({
        format: ImportFormat,
        text: Text,
        target: z.discriminatedUnion("kind", [
          z.object({ kind: z.literal("new"), name: NewName }),
          z.object({ kind: z.literal("replace"), clusterId: z.string(), version: z.number().int() }),
        ]),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const name = input.target.kind === "new" ? input.target.name : "imported";
      const r = parseImport(input.format, input.text, name);
      if (!r.ok) throw ShoalError.badInput(r.errors);
      const { db } = ctx;
      if (input.target.kind === "new") {
        if (await db.cluster.findUnique({ where: { name: input.target.name } })) {
          throw ShoalError.badInput([{ severity: "error", code: "cluster.exists", path: ["target", "name"], message: { en: `a cluster named ${input.target.name} exists`, zh: `名为 ${input.target.name} 的集群已存在` } }]);
        }
        const cluster = { ...r.cluster, name: input.target.name };
        const out = await db.$transaction(async (tx) => {
          const c = await tx.cluster.create({ data: { name: cluster.name, description: cluster.description, settings: settingsOf(cluster) } });
          return { id: c.id, ...(await replaceDraft(tx, c.id, cluster)) };
        }, LONG_TX);
        ctx.audit.push({ targetType: "cluster", targetId: out.id, clusterId: out.id, after: counts(cluster), message: `imported from ${input.format}` });
        return { clusterId: out.id, createdDirectors: out.createdDirectors, warnings: r.warnings, diagnostics: validateDraft(await requireCluster(db, out.id)) };
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
      ctx.audit.push({ targetType: "cluster", targetId: clusterId, clusterId, before: counts(before), after: counts(after), message: `draft replaced by import from ${input.format}` });
      return { clusterId, createdDirectors: out.createdDirectors, warnings: r.warnings, diagnostics: validateDraft(after) };
    }),
});
