import { z } from "zod";

/**
 * What Shoal records in a cluster's event log. "Lasting" kinds describe a condition with a start
 * and an end (a real server down ends when it is up again); the others are instants.
 */
export const EVENT_KINDS = [
  "console.started",
  "director.offline",
  "director.failover",
  "vrrp.transition",
  "vrrp.split_brain",
  "vrrp.no_master",
  "realserver.down",
  "service.dark",
  "quorum.lost",
  "drift.found",
  "drift.corrected",
  "revision.applied",
  "revision.failed",
  "revision.rolled_back",
] as const;
export const EventKind = z.enum(EVENT_KINDS);
export type EventKind = z.infer<typeof EventKind>;

export const EVENT_SEVERITIES = ["info", "warning", "critical"] as const;
export const EventSeverity = z.enum(EVENT_SEVERITIES);
export type EventSeverity = z.infer<typeof EventSeverity>;

export const severityRank = (s: EventSeverity): number => EVENT_SEVERITIES.indexOf(s);

interface KindInfo {
  severity: EventSeverity;
  /** Has an end: the event stays open until the condition clears. */
  lasting: boolean;
  /** Which subject fields the kind carries (a rule filtering on a service can only match kinds that name one). */
  subject: { director: boolean; service: boolean; dest: boolean };
  en: string;
  zh: string;
}

const D = { director: true, service: false, dest: false };
const S = { director: true, service: true, dest: false };
const R = { director: true, service: true, dest: true };
const C = { director: false, service: false, dest: false };

export const KINDS: Record<EventKind, KindInfo> = {
  "console.started": { severity: "info", lasting: false, subject: C, en: "console started", zh: "控制台已启动" },
  "director.offline": { severity: "critical", lasting: true, subject: D, en: "director agent offline", zh: "调度器代理离线" },
  "director.failover": { severity: "critical", lasting: false, subject: D, en: "director failover", zh: "调度器主备切换" },
  "vrrp.transition": { severity: "warning", lasting: false, subject: D, en: "VRRP state change", zh: "VRRP 状态变化" },
  "vrrp.split_brain": { severity: "critical", lasting: true, subject: C, en: "VRRP split brain (two masters)", zh: "VRRP 脑裂（两个主）" },
  "vrrp.no_master": { severity: "critical", lasting: true, subject: C, en: "no VRRP master", zh: "没有 VRRP 主" },
  "realserver.down": { severity: "warning", lasting: true, subject: R, en: "real server down", zh: "真实服务器故障" },
  "service.dark": { severity: "critical", lasting: true, subject: S, en: "all real servers of a service down", zh: "服务的所有真实服务器均故障" },
  "quorum.lost": { severity: "critical", lasting: true, subject: S, en: "quorum lost", zh: "失去法定数量" },
  "drift.found": { severity: "warning", lasting: true, subject: D, en: "kernel drift found", zh: "发现内核漂移" },
  "drift.corrected": { severity: "info", lasting: false, subject: D, en: "kernel drift corrected", zh: "内核漂移已纠正" },
  "revision.applied": { severity: "info", lasting: false, subject: D, en: "revision applied", zh: "修订版已应用" },
  "revision.failed": { severity: "critical", lasting: true, subject: D, en: "revision failed to apply", zh: "修订版应用失败" },
  "revision.rolled_back": { severity: "warning", lasting: false, subject: D, en: "revision rolled back", zh: "修订版已回滚" },
};

/** An event about to be recorded (the database adds id and cluster). */
export interface EventDraft {
  kind: EventKind;
  severity: EventSeverity;
  /** Identity of a lasting condition within the cluster: the same key is never open twice. */
  key: string;
  directorId?: string | null;
  director?: string | null;
  service?: string | null;
  dest?: string | null;
  message: string;
  /** What was found (drift lines, the kernel's message, VRRP states). */
  details?: Record<string, unknown>;
  startedAt: Date;
}

export function draft(kind: EventKind, key: string, fields: Omit<EventDraft, "kind" | "key" | "severity"> & { severity?: EventSeverity }): EventDraft {
  return { kind, key, severity: fields.severity ?? KINDS[kind].severity, ...fields };
}
