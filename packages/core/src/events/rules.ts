import { z } from "zod";
import { diag, type Diagnostic } from "../diagnostics.ts";
import { EVENT_KINDS, EventKind, KINDS, EventSeverity, severityRank, type EventDraft } from "./kinds.ts";

/** Which events page whom, how soon and how often. */
export const AlertRuleInput = z.object({
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean().default(true),
  /** Empty: every kind. */
  kinds: z.array(EventKind).max(EVENT_KINDS.length).default([]),
  minSeverity: EventSeverity.default("warning"),
  /** null: every cluster. */
  clusterId: z.string().min(1).max(64).nullable().default(null),
  /** A service key ("tcp 10.0.1.100:80"); null: every service. */
  service: z.string().trim().min(1).max(200).nullable().default(null),
  /** The condition must last this long before anyone is paged (a flapping real server pages no one). */
  waitSeconds: z.number().int().min(0).max(86_400).default(0),
  /** Send again while still open; 0: never. */
  repeatSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(3600),
  sendResolved: z.boolean().default(true),
  channelIds: z.array(z.string().min(1).max(64)).min(1).max(20),
});
export type AlertRuleInput = z.infer<typeof AlertRuleInput>;
export type AlertRule = AlertRuleInput & { id: string };

/** The highest severity an event of the kind can carry (a VRRP move to FAULT is critical). */
const MAX_SEVERITY: Partial<Record<EventKind, EventSeverity>> = { "vrrp.transition": "critical" };
const maxSeverity = (k: EventKind): EventSeverity => MAX_SEVERITY[k] ?? KINDS[k].severity;

/** The event fields a rule and a silence look at. */
export interface EventFacts {
  kind: EventKind;
  severity: EventSeverity;
  clusterId: string | null;
  service?: string | null | undefined;
  dest?: string | null | undefined;
}

export function ruleMatches(rule: Pick<AlertRule, "enabled" | "kinds" | "minSeverity" | "clusterId" | "service">, e: EventFacts): boolean {
  if (!rule.enabled) return false;
  if (rule.kinds.length && !rule.kinds.includes(e.kind)) return false;
  if (severityRank(e.severity) < severityRank(rule.minSeverity)) return false;
  if (rule.clusterId && e.clusterId !== null && e.clusterId !== rule.clusterId) return false;
  if (rule.service && e.service !== rule.service) return false;
  return true;
}

/**
 * Why a rule can never match any event (flagged when it is saved), located at the field to change.
 * The cluster and service names are checked against the database by the caller.
 */
export function ruleNeverMatches(rule: Pick<AlertRuleInput, "kinds" | "minSeverity" | "service">): Diagnostic[] {
  const out: Diagnostic[] = [];
  const kinds = rule.kinds.length ? rule.kinds : [...EVENT_KINDS];
  const reachable = kinds.filter((k) => severityRank(maxSeverity(k)) >= severityRank(rule.minSeverity));
  if (!reachable.length) {
    out.push(
      diag(
        "error",
        "alert.rule.severity-unreachable",
        `no chosen kind is ever ${rule.minSeverity} or worse (${kinds.join(", ")})`,
        `所选事件类型都不会达到 ${rule.minSeverity} 或更高（${kinds.join(", ")}）`,
        {
          path: ["minSeverity"],
        },
      ),
    );
  }
  if (rule.service && !reachable.some((k) => KINDS[k].subject.service)) {
    out.push(
      diag(
        "error",
        "alert.rule.service-unreachable",
        `the chosen kinds never name a service, so a service filter never matches (${reachable.join(", ") || "none"})`,
        `所选事件类型不涉及服务，按服务过滤永远不会匹配（${reachable.join(", ") || "无"}）`,
        {
          path: ["service"],
        },
      ),
    );
  }
  return out;
}

export const SilenceInput = z
  .object({
    ruleId: z.string().min(1).max(64).nullable().default(null),
    clusterId: z.string().min(1).max(64).nullable().default(null),
    service: z.string().trim().min(1).max(200).nullable().default(null),
    dest: z.string().trim().min(1).max(200).nullable().default(null),
    endsAt: z.iso.datetime(),
    reason: z.string().trim().min(1).max(1000),
  })
  .refine((s) => s.ruleId || s.clusterId || s.service || s.dest, {
    message: "a silence must name a rule, cluster, service or real server (silencing everything is switching alerts off)",
    path: ["ruleId"],
  });
export type SilenceInput = z.infer<typeof SilenceInput>;
export interface Silence extends Omit<SilenceInput, "endsAt"> {
  id: string;
  startsAt: Date;
  endsAt: Date;
}

export function silenceMatches(s: Silence, ruleId: string, e: EventFacts, now: Date): boolean {
  if (now < s.startsAt || now >= s.endsAt) return false;
  if (s.ruleId && s.ruleId !== ruleId) return false;
  if (s.clusterId && s.clusterId !== e.clusterId) return false;
  if (s.service && s.service !== e.service) return false;
  if (s.dest && s.dest !== e.dest) return false;
  return true;
}

/** Until when the event is silenced for this rule (the latest end among matching silences), or null. */
export function silencedUntil(silences: readonly Silence[], ruleId: string, e: EventFacts, now: Date): Date | null {
  let until: Date | null = null;
  for (const s of silences) if (silenceMatches(s, ruleId, e, now) && (!until || s.endsAt > until)) until = s.endsAt;
  return until;
}

export type NotificationState = "pending" | "firing" | "resolved" | "dropped";

export interface NotificationFacts {
  state: NotificationState;
  /** When the last firing message was sent; null if none was (still waiting, or silenced). */
  lastSentAt: Date | null;
}

export interface StepResult {
  state: NotificationState;
  send: "firing" | "resolved" | null;
  /** When to look again; null: only when the event changes. */
  nextAt: Date | null;
}

/**
 * One (rule, event) notification, stepped at `now`: wait before firing, repeat while open, send
 * the resolution if a firing was sent, hold back while silenced. Pure; the caller stores the result.
 */
export function stepNotification(
  n: NotificationFacts,
  ev: { kind: EventKind; startedAt: Date; endedAt: Date | null },
  rule: Pick<AlertRule, "waitSeconds" | "repeatSeconds" | "sendResolved">,
  silenced: Date | null,
  now: Date,
): StepResult {
  const lasting = KINDS[ev.kind].lasting;
  const t = now.getTime();
  const min = (...ds: (number | null)[]) => {
    const v = ds.filter((x): x is number => x !== null);
    return v.length ? new Date(Math.min(...v)) : null;
  };
  if (n.state === "resolved" || n.state === "dropped") return { state: n.state, send: null, nextAt: null };
  if (n.state === "pending") {
    const due = ev.startedAt.getTime() + rule.waitSeconds * 1000;
    // Ended before the wait was over: a flap nobody needs to hear about.
    if (lasting && ev.endedAt && ev.endedAt.getTime() < due) return { state: "dropped", send: null, nextAt: null };
    if (t < due) return { state: "pending", send: null, nextAt: new Date(due) };
    if (silenced) return { state: lasting ? "firing" : "pending", send: null, nextAt: lasting && ev.endedAt ? null : silenced };
    if (!lasting) return { state: "resolved", send: "firing", nextAt: null };
    if (ev.endedAt) return { state: "resolved", send: null, nextAt: null };
    return { state: "firing", send: "firing", nextAt: rule.repeatSeconds ? new Date(t + rule.repeatSeconds * 1000) : null };
  }
  // firing
  if (ev.endedAt) {
    const tell = rule.sendResolved && n.lastSentAt !== null && !silenced;
    return { state: "resolved", send: tell ? "resolved" : null, nextAt: null };
  }
  if (silenced) return { state: "firing", send: null, nextAt: silenced };
  if (n.lastSentAt === null) return { state: "firing", send: "firing", nextAt: rule.repeatSeconds ? new Date(t + rule.repeatSeconds * 1000) : null };
  if (!rule.repeatSeconds) return { state: "firing", send: null, nextAt: null };
  const again = n.lastSentAt.getTime() + rule.repeatSeconds * 1000;
  if (t >= again) return { state: "firing", send: "firing", nextAt: new Date(t + rule.repeatSeconds * 1000) };
  return { state: "firing", send: null, nextAt: min(again) };
}

export type { EventDraft };
