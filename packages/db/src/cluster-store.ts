import { createHash, randomBytes } from "node:crypto";
import type { Cluster } from "@shoal/core";
import type { Db } from "./client.ts";
import type { Prisma } from "./generated/prisma/client.ts";
import { directorToRow, realServerToRow, rowsToCluster, serviceToRow, settingsOf } from "./mapping.ts";

type Tx = Prisma.TransactionClient | Db;

/** The draft of one cluster as a core Cluster (services and real servers in their saved order). */
export async function loadCluster(db: Tx, clusterId: string): Promise<Cluster | undefined> {
  const c = await db.cluster.findUnique({ where: { id: clusterId } });
  if (!c) return undefined;
  const [directors, services] = await Promise.all([
    db.director.findMany({ where: { clusterId }, orderBy: { createdAt: "asc" }, select: { id: true, data: true } }),
    db.virtualService.findMany({
      where: { clusterId },
      orderBy: { position: "asc" },
      select: { id: true, data: true, realServers: { orderBy: { position: "asc" }, select: { id: true, data: true } } },
    }),
  ]);
  return rowsToCluster(c, directors, services);
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A random secret for a director's agent; only its hash is stored. */
export function newAgentToken(): { token: string; hash: string } {
  const token = `shoal_agent_${randomBytes(32).toString("base64url")}`;
  return { token, hash: sha256(token) };
}

/**
 * Replace the draft's services (and settings) with those of `cluster`. Directors are kept when one
 * of the same name exists (their enrollment tokens and agent status stay valid) and created
 * otherwise; the returned tokens belong to directors created here. Run inside a transaction.
 */
export async function replaceDraft(
  tx: Tx,
  clusterId: string,
  cluster: Cluster,
): Promise<{ createdDirectors: { id: string; name: string; token: string }[] }> {
  await tx.cluster.update({
    where: { id: clusterId },
    data: {
      description: cluster.description,
      settings: settingsOf(cluster),
      version: { increment: 1 },
      draftVersion: { increment: 1 },
    },
  });
  await tx.virtualService.deleteMany({ where: { clusterId } });
  for (const [position, vs] of cluster.virtualServices.entries()) {
    const row = await tx.virtualService.create({ data: { clusterId, position, ...serviceToRow(vs) }, select: { id: true } });
    if (vs.realServers.length) {
      await tx.realServer.createMany({
        data: vs.realServers.map((rs, i) => ({ serviceId: row.id, position: i, ...realServerToRow(rs) })),
      });
    }
  }
  const existing = await tx.director.findMany({ where: { clusterId }, select: { id: true, name: true } });
  const byName = new Map(existing.map((d) => [d.name, d.id]));
  const createdDirectors: { id: string; name: string; token: string }[] = [];
  for (const d of cluster.directors) {
    const id = byName.get(d.name);
    if (id) {
      await tx.director.update({ where: { id }, data: { ...directorToRow(d), version: { increment: 1 } } });
      byName.delete(d.name);
    } else {
      const { token, hash } = newAgentToken();
      const row = await tx.director.create({ data: { clusterId, tokenHash: hash, ...directorToRow(d) }, select: { id: true } });
      createdDirectors.push({ id: row.id, name: d.name, token });
    }
  }
  if (byName.size) await tx.director.deleteMany({ where: { id: { in: [...byName.values()] } } });
  return { createdDirectors };
}
