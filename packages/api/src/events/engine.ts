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

type Note = { id: string; ruleId: string; eventId: string; state: string; lastSentAt: Date | null };

/**
 * Steps (rule, event) notifications and writes the result in one transaction, with one outbox
 * row per channel for each message to send. Returns whether anything was queued.
 */
async function stepAll(db: Db, work: { rule: AlertRule; ev: EventRow; n: Note }[], silences: Silence[], now: Date): Promise<boolean> {
  const ops = [];
  const outbox: { channelId: string; eventId: string; ruleId: string; status: string; nextAttemptAt: Date }[] = [];
  for (const { rule, ev, n } of work) {
    const r = stepNotification(
      { state: n.state as "pending", lastSentAt: n.lastSentAt },
      { kind: ev.kind as EventKind, startedAt: ev.startedAt, endedAt: ev.endedAt },
      rule,
      silencedUntil(silences, rule.id, facts(ev), now),
      now,
    );
    if (r.state === n.state && r.send === null && r.nextAt === null && n.state !== "pending") {
      ops.push(db.notification.update({ where: { id: n.id }, data: { nextAt: null } }));
      continue;
    }
    ops.push(db.notification.update({ where: { id: n.id }, data: { state: r.state, nextAt: r.nextAt, ...(r.send === "firing" ? { lastSentAt: now } : {}) } }));
    if (r.send) for (const channelId of rule.channelIds) outbox.push({ channelId, eventId: ev.id, ruleId: rule.id, status: r.send, nextAttemptAt: now });
  }
  if (outbox.length) ops.push(db.outbox.createMany({ data: outbox }));
  if (ops.length) await db.$transaction(ops);
  return outbox.length > 0;
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
    await this.onEvents([eventId], now);
  }

  /** New and ended events, in one pass: one read of each table, one write transaction. */
  async onEvents(eventIds: string[], now = new Date()): Promise<void> {
    const rules = await this.getRules();
    if (!rules.length || !eventIds.length) return;
    const events = await this.db.event.findMany({ where: { id: { in: eventIds } } });
    const pairs = events.flatMap((ev) => rules.filter((r) => ruleMatches(r, facts(ev))).map((rule) => ({ rule, ev })));
    if (!pairs.length) return;
    const have = await this.db.notification.findMany({ where: { eventId: { in: [...new Set(pairs.map((p) => p.ev.id))] } } });
    const byKey = new Map(have.map((n) => [`${n.ruleId}|${n.eventId}`, n as Note]));
    const missing = pairs.filter((p) => !byKey.has(`${p.rule.id}|${p.ev.id}`));
    if (missing.length) {
      await this.db.notification.createMany({ data: missing.map((p) => ({ id: `n${p.ev.id}${p.rule.id}`, ruleId: p.rule.id, eventId: p.ev.id, state: "pending", nextAt: now })) });
      for (const p of missing) byKey.set(`${p.rule.id}|${p.ev.id}`, { id: `n${p.ev.id}${p.rule.id}`, ruleId: p.rule.id, eventId: p.ev.id, state: "pending", lastSentAt: null });
    }
    const work = pairs.map((p) => ({ ...p, n: byKey.get(`${p.rule.id}|${p.ev.id}`)! })).filter((w) => w.n.state === "pending" || w.n.state === "firing");
    if (await stepAll(this.db, work, await activeSilences(this.db, now), now)) wakeDelivery();
  }

  /** Notifications whose time has come. */
  async tick(now = new Date()): Promise<void> {
    const due = await this.db.notification.findMany({ where: { nextAt: { lte: now }, state: { in: ["pending", "firing"] } }, take: 2000 });
    if (!due.length) return;
    const rules = new Map((await this.getRules()).map((r) => [r.id, r]));
    const events = new Map((await this.db.event.findMany({ where: { id: { in: [...new Set(due.map((n) => n.eventId))] } } })).map((e) => [e.id, e]));
    const gone = due.filter((n) => !rules.get(n.ruleId)?.enabled || !events.has(n.eventId));
    if (gone.length) await this.db.notification.updateMany({ where: { id: { in: gone.map((n) => n.id) } }, data: { state: "dropped", nextAt: null } });
    const work = due.filter((n) => !gone.includes(n)).map((n) => ({ rule: rules.get(n.ruleId)!, ev: events.get(n.eventId)!, n }));
    if (await stepAll(this.db, work, await activeSilences(this.db, now), now)) wakeDelivery();
  }
}
