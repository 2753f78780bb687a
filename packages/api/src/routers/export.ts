import { z } from "zod";
import { exportFiles, renderExportFile } from "../export/bundle.ts";
import { directorName, exportSource } from "../export/source.ts";
import { router, viewerProcedure } from "../trpc.ts";

const Target = z.object({ clusterId: z.string(), directorId: z.string().optional(), revision: z.number().int().min(1).optional() });

export const exportRouter = router({
  /** Names and descriptions of the files an export holds (the zip is GET /api/export). */
  files: viewerProcedure.input(Target).query(async ({ ctx, input }) => {
    const { cluster } = await exportSource(ctx.db, input.clusterId, input.revision);
    const director = await directorName(ctx.db, input.clusterId, input.directorId);
    return exportFiles(cluster, director).map(({ name, describe }) => ({ name, describe }));
  }),

  /** One file's text, for copy or download. */
  file: viewerProcedure.input(Target.extend({ name: z.string().min(1).max(300) })).query(async ({ ctx, input }) => {
    const { cluster } = await exportSource(ctx.db, input.clusterId, input.revision);
    const director = await directorName(ctx.db, input.clusterId, input.directorId);
    return { name: input.name, text: renderExportFile(cluster, input.name, director) };
  }),
});
