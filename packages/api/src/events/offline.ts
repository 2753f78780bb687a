import type { Db } from "@shoal/db";
import { draft } from "@shoal/core";
import { offlineAfterMs } from "./report.ts";
import { recordDerived } from "./store.ts";

/**
 * Directors silent for longer than the offline threshold get an open director.offline event; one
 * heard from again has it ended. Run every few seconds by the event service.
 */
export async function sweepOffline(db: Db, now = new Date()): Promise<void> {
  const limit = now.getTime() - offlineAfterMs();
  const directors = await db.director.findMany({ where: { lastSeenAt: { not: null } }, select: { id: true, name: true, clusterId: true, lastSeenAt: true } });
  const open = await db.event.findMany({ where: { kind: "director.offline", openKey: { not: null } }, select: { directorId: true } });
  const isOpen = new Set(open.map((o) => o.directorId));
  for (const d of directors) {
    const silent = d.lastSeenAt!.getTime() < limit;
    const key = `director.offline|${d.id}`;
    if (silent && !isOpen.has(d.id)) {
      const s = Math.round((now.getTime() - d.lastSeenAt!.getTime()) / 1000);
      await recordDerived(
        db,
        d.clusterId,
        {
          open: [
            draft("director.offline", key, {
              directorId: d.id,
              director: d.name,
              startedAt: now,
              message: `no report from ${d.name} for ${s} s (last ${d.lastSeenAt!.toISOString()})`,
              details: { lastSeenAt: d.lastSeenAt!.toISOString() },
            }),
          ],
          close: [],
        },
        now,
      );
    } else if (!silent && isOpen.has(d.id)) {
      await recordDerived(db, d.clusterId, { open: [], close: [{ key, message: `${d.name} reporting again` }] }, now);
    }
  }
}
