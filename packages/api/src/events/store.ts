import type { Db } from "@shoal/db";
import { KINDS, type Derived, type EventDraft } from "@shoal/core";
import { createId } from "./ids.ts";
import { publishEventChange } from "./bus.ts";

/** Keys are per cluster; console-wide events use "-". */
const scoped = (clusterId: string | null, key: string) => `${clusterId ?? "-"}|${key}`;

function row(clusterId: string | null, e: EventDraft) {
  const lasting = KINDS[e.kind].lasting;
  return {
    id: createId(),
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
    openKey: lasting ? scoped(clusterId, e.key) : null,
  };
}

/**
 * Writes what a derivation opened and closed in one batched transaction (a status report with a
 * thousand changes is two reads and one write transaction). A key already open is skipped, and the
 * unique openKey keeps two racing writers from opening one condition twice.
 */
export async function recordDerived(db: Db, clusterId: string | null, d: Derived, now = new Date()): Promise<void> {
  if (!d.open.length && !d.close.length) return;
  const closeKeys = d.close.map((c) => scoped(clusterId, c.key));
  const rows = d.open.map((e) => row(clusterId, e));
  const probe = [...closeKeys, ...rows.flatMap((r) => (r.openKey ? [r.openKey] : []))];
  const existing = probe.length ? await db.event.findMany({ where: { openKey: { in: probe } }, select: { id: true, openKey: true } }) : [];
  const idOf = new Map(existing.map((e) => [e.openKey!, e.id]));
  const ended = d.close.flatMap((c, i) => {
    const id = idOf.get(closeKeys[i]!);
    return id ? [{ id, message: c.message.slice(0, 2000) }] : [];
  });
  const seen = new Set<string>();
  const fresh = rows.filter((r) => !r.openKey || (!idOf.has(r.openKey) && !seen.has(r.openKey) && seen.add(r.openKey)));
  if (!ended.length && !fresh.length) return;
  await db.$transaction([
    ...ended.map((e) => db.event.update({ where: { id: e.id }, data: { endedAt: now, endMessage: e.message, openKey: null } })),
    ...(fresh.length ? [db.event.createMany({ data: fresh })] : []),
  ]);
  for (const e of ended) publishEventChange({ id: e.id, clusterId, change: "ended" });
  for (const r of fresh) publishEventChange({ id: r.id, clusterId, change: "opened" });
}

/** Open keys of a cluster (as core's derivation names them), optionally only one director's and the cluster-wide ones. */
export async function openKeys(db: Db, clusterId: string | null, directorId?: string): Promise<Set<string>> {
  const rows = await db.event.findMany({
    where: { clusterId, openKey: { not: null }, ...(directorId ? { OR: [{ directorId }, { directorId: null }] } : {}) },
    select: { key: true },
  });
  return new Set(rows.map((r) => r.key));
}

export async function recordOne(db: Db, clusterId: string | null, e: EventDraft): Promise<void> {
  await recordDerived(db, clusterId, { open: [e], close: [] });
}
