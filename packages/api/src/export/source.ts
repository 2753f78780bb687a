import type { Cluster } from "@shoal/core";
import type { Db } from "@shoal/db";
import { requireCluster } from "../draft/draft.ts";
import { ShoalError } from "../errors.ts";

/** The cluster to export: the draft, or an applied revision's snapshot. */
export async function exportSource(db: Db, clusterId: string, revision?: number): Promise<{ cluster: Cluster; source: string }> {
  if (revision === undefined) return { cluster: await requireCluster(db, clusterId), source: "draft (not necessarily applied)" };
  const r = await db.revision.findUnique({ where: { clusterId_number: { clusterId, number: revision } } });
  if (!r) throw ShoalError.notFound(`revision ${revision}`, `修订版 ${revision}`);
  return { cluster: JSON.parse(r.snapshot) as Cluster, source: `revision ${revision}` };
}

export async function directorName(db: Db, clusterId: string, directorId?: string): Promise<string | undefined> {
  if (!directorId) return undefined;
  const d = await db.director.findFirst({ where: { id: directorId, clusterId }, select: { name: true } });
  if (!d) throw ShoalError.notFound("director", "调度器");
  return d.name;
}
