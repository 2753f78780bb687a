import type { Db } from "@shoal/db";
import { KINDS, type Derived, type EventDraft } from "@shoal/core";
import { publishEventChange } from "./bus.ts";

/**
 * Writes what a derivation opened and closed, in one transaction. A key already open is skipped
 * (the unique openKey), so two reports racing never open one condition twice.
 */
export async function recordDerived(db: Db, clusterId: string | null, d: Derived, now = new Date()): Promise<void> {
  if (!d.open.length && !d.close.length) return;
  const changes: { id: string; change: "opened" | "ended" }[] = [];
  await db.$transaction(async (tx) => {
    for (const c of d.close) {
      const ev = await tx.event.findUnique({ where: { openKey: scoped(clusterId, c.key) }, select: { id: true } });
      if (!ev) continue;
      await tx.event.update({ where: { id: ev.id }, data: { endedAt: now, endMessage: c.message.slice(0, 2000), openKey: null } });
      changes.push({ id: ev.id, change: "ended" });
    }
    for (const e of d.open) {
      const row = await createEvent(tx as unknown as Db, clusterId, e);
      if (row) changes.push({ id: row, change: "opened" });
    }
  });
  for (const c of changes) publishEventChange({ ...c, clusterId });
}

/** Keys are per cluster; console-wide events use "-". */
const scoped = (clusterId: string | null, key: string) => `${clusterId ?? "-"}|${key}`;

async function createEvent(db: Db, clusterId: string | null, e: EventDraft): Promise<string | null> {
  const lasting = KINDS[e.kind].lasting;
  const openKey = lasting ? scoped(clusterId, e.key) : null;
  if (openKey && (await db.event.findUnique({ where: { openKey }, select: { id: true } }))) return null;
  const row = await db.event.create({
    data: {
      clusterId,
      kind: e.kind,
      severity: e.severity,
      key: e.key,
      directorId: e.directorId ?? null,
      director: e.director ?? null,
      service: e.service ?? null,
      dest: e.dest ?? null,
      message: e.message.slice(0, 4000),
      details: JSON.stringify(e.details ?? {}).slice(0, 64_000),
      startedAt: e.startedAt,
      endedAt: lasting ? null : e.startedAt,
      openKey,
    },
    select: { id: true },
  });
  return row.id;
}

/** Open keys of a cluster, unscoped (as core's derivation names them). */
export async function openKeys(db: Db, clusterId: string | null): Promise<Set<string>> {
  const rows = await db.event.findMany({ where: { clusterId, openKey: { not: null } }, select: { key: true } });
  return new Set(rows.map((r) => r.key));
}

export async function recordOne(db: Db, clusterId: string | null, e: EventDraft): Promise<void> {
  await recordDerived(db, clusterId, { open: [e], close: [] });
}
