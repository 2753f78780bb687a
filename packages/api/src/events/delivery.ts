import type { Db } from "@shoal/db";
import type { AlertEvent, EventKind, EventSeverity } from "@shoal/core";
import { logger } from "../log.ts";
import { sendToChannel, type ChannelRow, type Outgoing } from "./send.ts";
import type { ChannelType } from "./channel-config.ts";

let waker: (() => void) | null = null;
/** New outbox rows: deliver now rather than at the next poll. */
export function wakeDelivery(): void {
  waker?.();
}

/** How long a claimed row is held before another pass (after a crash: the restarted console) retries it. */
const LEASE_MS = Number(process.env.SHOAL_ALERT_LEASE_MS ?? 30_000);
const MAX_ATTEMPTS = 60;
/** Exponential backoff 1 s .. 5 min, with jitter so a recovering receiver is not hit in lockstep. */
export const backoffMs = (attempts: number) => Math.min(300_000, 1000 * 2 ** Math.min(attempts - 1, 12)) * (0.8 + Math.random() * 0.4);

export function consoleLink(clusterId: string | null): string {
  const base = (process.env.SHOAL_PUBLIC_URL ?? `http://127.0.0.1:${process.env.SHOAL_PORT ?? 3000}`).replace(/\/$/, "");
  return clusterId ? `${base}/c/${clusterId}/events` : `${base}/`;
}

export const SAMPLE_EVENT_ID = "test";

export function channelRow(c: { type: string; locale: string; config: string; secrets: string }): ChannelRow {
  return {
    type: c.type as ChannelType,
    locale: c.locale === "zh-CN" ? "zh-CN" : "en",
    config: JSON.parse(c.config) as Record<string, unknown>,
    secrets: JSON.parse(c.secrets) as Record<string, string>,
  };
}

const SAMPLE: Omit<AlertEvent, "startedAt"> = {
  id: SAMPLE_EVENT_ID,
  kind: "realserver.down",
  severity: "warning",
  cluster: "example",
  director: "lvs-a",
  service: "tcp 192.0.2.10:80",
  dest: "192.0.2.21:80",
  message: "test alert from Shoal (192.0.2.21:80 down: connection refused)",
};

/** The events of a batch as channels render them, with their cluster's name and the link back. */
async function alertEvents(db: Db, ids: string[]): Promise<Map<string, { event: AlertEvent; link: string }>> {
  const out = new Map<string, { event: AlertEvent; link: string }>();
  const rows = await db.event.findMany({ where: { id: { in: ids.filter((i) => i !== SAMPLE_EVENT_ID) } } });
  const clusterIds = [...new Set(rows.flatMap((r) => (r.clusterId ? [r.clusterId] : [])))];
  const names = new Map((await db.cluster.findMany({ where: { id: { in: clusterIds } }, select: { id: true, name: true } })).map((c) => [c.id, c.name]));
  for (const e of rows) {
    out.set(e.id, {
      event: {
        id: e.id,
        kind: e.kind as EventKind,
        severity: e.severity as EventSeverity,
        cluster: e.clusterId ? (names.get(e.clusterId) ?? e.clusterId) : null,
        director: e.director,
        service: e.service,
        dest: e.dest,
        message: e.message,
        startedAt: e.startedAt.toISOString(),
        endedAt: e.endedAt?.toISOString() ?? null,
        endMessage: e.endMessage,
      },
      link: consoleLink(e.clusterId),
    });
  }
  if (ids.includes(SAMPLE_EVENT_ID)) out.set(SAMPLE_EVENT_ID, { event: { ...SAMPLE, startedAt: new Date().toISOString() }, link: consoleLink(null) });
  return out;
}

/**
 * One delivery pass: claims due rows (a lease, so a console killed mid-send retries them after a
 * restart: at least once), sends them per channel in batches, records success or the reason.
 */
export async function deliverOnce(db: Db, now = new Date()): Promise<number> {
  const due = await db.outbox.findMany({ where: { deliveredAt: null, nextAttemptAt: { lte: now }, attempts: { lt: MAX_ATTEMPTS } }, orderBy: { id: "asc" }, take: 500 });
  if (!due.length) return 0;
  await db.outbox.updateMany({ where: { id: { in: due.map((d) => d.id) } }, data: { nextAttemptAt: new Date(now.getTime() + LEASE_MS) } });
  const byChannel = new Map<string, typeof due>();
  for (const d of due) (byChannel.get(d.channelId) ?? byChannel.set(d.channelId, []).get(d.channelId)!).push(d);
  const events = await alertEvents(db, [...new Set(due.map((d) => d.eventId))]);
  await Promise.all(
    [...byChannel].map(async ([channelId, rows]) => {
      const ch = await db.alertChannel.findUnique({ where: { id: channelId } });
      if (!ch) {
        await db.outbox.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { attempts: MAX_ATTEMPTS, lastError: "channel deleted" } });
        return;
      }
      const items: Outgoing[] = rows.flatMap((r) => {
        const e = events.get(r.eventId);
        return e ? [{ event: e.event, link: e.link, status: r.status === "resolved" ? ("resolved" as const) : ("firing" as const), deliveryId: r.id }] : [];
      });
      const ids = rows.map((r) => r.id);
      try {
        await sendToChannel(channelRow(ch), items);
        const at = new Date();
        await db.$transaction([
          db.outbox.updateMany({ where: { id: { in: ids } }, data: { deliveredAt: at, attempts: { increment: 1 }, lastError: null } }),
          db.alertChannel.update({ where: { id: channelId }, data: { lastSuccessAt: at } }),
        ]);
      } catch (err) {
        const why = (err instanceof Error ? err.message : String(err)).slice(0, 1000) || "failed";
        const at = new Date();
        await db.$transaction([
          ...rows.map((r) =>
            db.outbox.update({ where: { id: r.id }, data: { attempts: r.attempts + 1, lastError: why, nextAttemptAt: new Date(at.getTime() + backoffMs(r.attempts + 1)) } }),
          ),
          db.alertChannel.update({ where: { id: channelId }, data: { lastFailureAt: at, lastError: why } }),
        ]);
        logger.warn({ channel: ch.name, err: why }, "alert delivery failed; will retry");
      }
    }),
  );
  return due.length;
}

/** Delivery loop: woken by new rows, otherwise every `pollMs`. Returns a stop function. */
export function startDelivery(db: Db, pollMs = 500): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let again = false;
  const run = async () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const n = await deliverOnce(db);
        if (n >= 500) again = true;
      } while (again && !stopped);
    } catch (err) {
      logger.error({ err }, "alert delivery pass failed");
    } finally {
      running = false;
    }
  };
  waker = () => void run();
  const loop = () => {
    if (stopped) return;
    void run().finally(() => {
      if (!stopped) timer = setTimeout(loop, pollMs);
    });
  };
  loop();
  return () => {
    stopped = true;
    waker = null;
    if (timer) clearTimeout(timer);
  };
}
