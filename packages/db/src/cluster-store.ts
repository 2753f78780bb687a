import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Cluster } from "@shoal/core";
import type { Db } from "./client.ts";
import type { Prisma } from "./generated/prisma/client.ts";
import { directorToRow, realServerToRow, rowsToCluster, serviceToRow, settingsOf } from "./mapping.ts";

type Tx = Prisma.TransactionClient | Db;
const CHUNK = 1000;

/** The draft of one cluster as a core Cluster (services and real servers in their saved order). */
export async function loadCluster(db: Tx, clusterId: string): Promise<Cluster | undefined> {
  const c = await db.cluster.findUnique({ where: { id: clusterId } });
  if (!c) return undefined;
  // Two flat queries grouped here: a nested include would bind every service id, and Prisma's
  // SQLite adapter refuses more than 999 bound parameters.
  const [directors, services, realServers] = await Promise.all([
    db.director.findMany({ where: { clusterId }, orderBy: { createdAt: "asc" }, select: { id: true, data: true } }),
    db.virtualService.findMany({ where: { clusterId }, orderBy: { position: "asc" }, select: { id: true, data: true } }),
    db.realServer.findMany({
      where: { service: { clusterId } },
      orderBy: [{ serviceId: "asc" }, { position: "asc" }],
      select: { id: true, data: true, serviceId: true },
    }),
  ]);
  const byService = new Map<string, { id: string; data: string }[]>();
  for (const rs of realServers) {
    let list = byService.get(rs.serviceId);
    if (!list) byService.set(rs.serviceId, (list = []));
    list.push(rs);
  }
  return rowsToCluster(
    c,
    directors,
    services.map((s) => ({ ...s, realServers: byService.get(s.id) ?? [] })),
  );
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
export async function replaceDraft(tx: Tx, clusterId: string, cluster: Cluster): Promise<{ createdDirectors: { id: string; name: string; token: string }[] }> {
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
  // Ids made here so services and their real servers go in as two bulk inserts, not one per service.
  const services = cluster.virtualServices.map((vs, position) => ({ id: randomUUID(), clusterId, position, ...serviceToRow(vs) }));
  // Chunked: SQLite caps bound parameters per statement (32,766) and every row binds about ten.
  for (let i = 0; i < services.length; i += CHUNK) await tx.virtualService.createMany({ data: services.slice(i, i + CHUNK) });
  const realServers = cluster.virtualServices.flatMap((vs, i) => vs.realServers.map((rs, position) => ({ serviceId: services[i]!.id, position, ...realServerToRow(rs) })));
  for (let i = 0; i < realServers.length; i += CHUNK) await tx.realServer.createMany({ data: realServers.slice(i, i + CHUNK) });
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
