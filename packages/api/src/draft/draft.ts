import { hasErrors, validateCluster, type Cluster, type Diagnostic } from "@shoal/core";
import { loadCluster, type Db, type Prisma } from "@shoal/db";
import { ShoalError } from "../errors.ts";

type Tx = Prisma.TransactionClient | Db;

/** Every topology edit bumps the draft's counter, so "unapplied changes" is one comparison. */
export async function touchDraft(tx: Tx, clusterId: string): Promise<void> {
  await tx.cluster.update({ where: { id: clusterId }, data: { draftVersion: { increment: 1 } } });
}

export async function requireCluster(tx: Tx, clusterId: string): Promise<Cluster> {
  const c = await loadCluster(tx, clusterId);
  if (!c) throw ShoalError.notFound("cluster", "集群");
  return c;
}

/** Diagnostics of a draft: core's validator, every rule. */
export function validateDraft(cluster: Cluster): Diagnostic[] {
  return validateCluster(cluster);
}

/** Diagnostics of the cluster's draft after an edit (shown next to the edited fields). */
export async function draftDiagnostics(tx: Tx, clusterId: string): Promise<Diagnostic[]> {
  return validateDraft(await requireCluster(tx, clusterId));
}

export function blockOnErrors(diagnostics: Diagnostic[]): void {
  if (hasErrors(diagnostics)) {
    const n = diagnostics.filter((d) => d.severity === "error").length;
    throw ShoalError.precondition(`the draft has ${n} error(s); fix them before applying`, `草稿有 ${n} 个错误；请先修正再应用`, diagnostics);
  }
}
