import type { Db } from "@shoal/db";
import { AlertRuleInput, ruleMatches, silencedUntil, stepNotification, type AlertRule, type EventKind, type EventSeverity, type Silence } from "@shoal/core";
import { wakeDelivery } from "./delivery.ts";

type EventRow = { id: string; clusterId: string | null; kind: string; severity: string; service: string | null; dest: string | null; startedAt: Date; endedAt: Date | null };

export async function loadRules(db: Db): Promise<AlertRule[]> {
  const rows = await db.alertRule.findMany();
  return rows.map((r) => ({ id: r.id, ...AlertRuleInput.parse(JSON.parse(r.data)) }));
}

async function activeSilences(db: Db, now: Date): Promise<Silence[]> {
  const rows = await db.silence.findMany({ where: { endsAt: { gt: now } } });
  return rows.map((r) => ({ id: r.id, ruleId: r.ruleId, clusterId: r.clusterId, service: r.service, dest: r.dest, reason: r.reason, startsAt: r.startsAt, endsAt: r.endsAt }));
}

const facts = (e: EventRow) => ({ kind: e.kind as EventKind, severity: e.severity as EventSeverity, clusterId: e.clusterId, service: e.service, dest: e.dest });

/** Steps one (rule, event) notification and queues what it sends, one outbox row per channel. */
async function step(db: Db, rule: AlertRule, ev: EventRow, n: { id: string; state: string; lastSentAt: Date | null }, silences: Silence[], now: Date): Promise<boolean> {
  const r = stepNotification({ state: n.state as "pending", lastSentAt: n.lastSentAt }, { kind: ev.kind as EventKind, startedAt: ev.startedAt, endedAt: ev.endedAt }, rule, silencedUntil(silences, rule.id, facts(ev), now), now);
  await db.$transaction([
    db.notification.update({ where: { id: n.id }, data: { state: r.state, nextAt: r.nextAt, ...(r.send === "firing" ? { lastSentAt: now } : {}) } }),
    ...(r.send ? [db.outbox.createMany({ data: rule.channelIds.map((channelId) => ({ channelId, eventId: ev.id, ruleId: rule.id, status: r.send!, nextAttemptAt: now })) })] : []),
  ]);
  return r.send !== null;
}

/**
 * The alert engine: a new event gets one notification per matching rule; an ended event and a
 * due notification (wait over, repeat due, silence over) are stepped. All state is in the
 * database, so a restarted console carries on where it was.
 */
export class AlertEngine {
  private rules: AlertRule[] | null = null;
  constructor(private readonly db: Db) {}

  invalidateRules(): void {
    this.rules = null;
  }

  private async getRules(): Promise<AlertRule[]> {
    return (this.rules ??= await loadRules(this.db));
  }

  async onEvent(eventId: string, now = new Date()): Promise<void> {
    const ev = await this.db.event.findUnique({ where: { id: eventId } });
    if (!ev) return;
    const rules = (await this.getRules()).filter((r) => ruleMatches(r, facts(ev)));
    if (!rules.length) return;
    const silences = await activeSilences(this.db, now);
    let sent = false;
    for (const rule of rules) {
      let n = await this.db.notification.findUnique({ where: { ruleId_eventId: { ruleId: rule.id, eventId } } });
      n ??= await this.db.notification.create({ data: { ruleId: rule.id, eventId, state: "pending", nextAt: now } });
      if (n.state === "resolved" || n.state === "dropped") continue;
      sent = (await step(this.db, rule, ev, n, silences, now)) || sent;
    }
    if (sent) wakeDelivery();
  }

  /** Notifications whose time has come. */
  async tick(now = new Date()): Promise<void> {
    const due = await this.db.notification.findMany({ where: { nextAt: { lte: now }, state: { in: ["pending", "firing"] } }, take: 500 });
    if (!due.length) return;
    const rules = new Map((await this.getRules()).map((r) => [r.id, r]));
    const silences = await activeSilences(this.db, now);
    let sent = false;
    for (const n of due) {
      const rule = rules.get(n.ruleId);
      const ev = await this.db.event.findUnique({ where: { id: n.eventId } });
      if (!rule || !ev || !rule.enabled) {
        await this.db.notification.update({ where: { id: n.id }, data: { state: "dropped", nextAt: null } });
        continue;
      }
      sent = (await step(this.db, rule, ev, n, silences, now)) || sent;
    }
    if (sent) wakeDelivery();
  }
}
