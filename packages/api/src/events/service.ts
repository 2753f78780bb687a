import { getDb, type Db } from "@shoal/db";
import { draft } from "@shoal/core";
import { logger } from "../log.ts";
import { onEventChange } from "./bus.ts";
import { startDelivery } from "./delivery.ts";
import { AlertEngine } from "./engine.ts";
import { sweepOffline } from "./offline.ts";
import { recordOne } from "./store.ts";

export interface EventService {
  engine: AlertEngine;
  stop(): void;
}

let current: EventService | null = null;

/** The engine of this process, if started (routers invalidate its rule cache). */
export function currentEventService(): EventService | null {
  return current;
}

/**
 * Starts the console's event machinery once per process: records console.started, sweeps for
 * silent agents, runs the alert engine and the outbox delivery.
 */
export async function startEventService(opts: { db?: Db; sweepMs?: number; tickMs?: number; recordStart?: boolean } = {}): Promise<EventService> {
  if (current) return current;
  const db = opts.db ?? getDb();
  const engine = new AlertEngine(db);
  let queue = Promise.resolve();
  // Changes are gathered and stepped in batches, one batch after another: two steps of one
  // notification never interleave, and a burst of a thousand events is a handful of queries.
  let pending: string[] = [];
  const off = onEventChange((c) => {
    pending.push(c.id);
    if (pending.length > 1) return;
    queue = queue
      .then(() => {
        const ids = pending;
        pending = [];
        return engine.onEvents(ids);
      })
      .catch((err) => logger.error({ err }, "alert engine failed on events"));
  });
  const stopDelivery = startDelivery(db);
  const every = (ms: number, f: () => Promise<void>) => {
    let busy = false;
    return setInterval(() => {
      if (busy) return;
      busy = true;
      f()
        .catch((err) => logger.error({ err }, "event service pass failed"))
        .finally(() => (busy = false));
    }, ms);
  };
  const sweeper = every(opts.sweepMs ?? 5000, () => sweepOffline(db));
  const ticker = every(opts.tickMs ?? 500, () => (queue = queue.then(() => engine.tick())));
  // Events recorded by a console that died before its engine got to them: given their
  // notifications now (creating only what is missing), so no alert is lost across a restart.
  const since = new Date(Date.now() - 3600_000);
  const recent = await db.event.findMany({
    where: { OR: [{ openKey: { not: null } }, { startedAt: { gte: since } }] },
    select: { id: true },
    orderBy: { startedAt: "asc" },
    take: 50_000,
  });
  for (let i = 0; i < recent.length; i += 500) await engine.onEvents(recent.slice(i, i + 500).map((e) => e.id));
  if (opts.recordStart !== false) {
    await recordOne(
      db,
      null,
      draft("console.started", "console.started", { startedAt: new Date(), message: `console started (pid ${process.pid})`, details: { pid: process.pid } }),
    );
  }
  current = {
    engine,
    stop() {
      off();
      stopDelivery();
      clearInterval(sweeper);
      clearInterval(ticker);
      current = null;
    },
  };
  return current;
}
