import { KINDS, type EventKind, type EventSeverity } from "./kinds.ts";

export type AlertLocale = "en" | "zh-CN";

/** The event as a channel renders it. */
export interface AlertEvent {
  id: string;
  kind: EventKind;
  severity: EventSeverity;
  cluster: string | null;
  director?: string | null;
  service?: string | null;
  dest?: string | null;
  message: string;
  startedAt: string;
  endedAt?: string | null;
  endMessage?: string | null;
}

const SEV: Record<AlertLocale, Record<EventSeverity, string>> = {
  en: { info: "INFO", warning: "WARNING", critical: "CRITICAL" },
  "zh-CN": { info: "信息", warning: "警告", critical: "严重" },
};

/**
 * Title and body of one alert in the recipient's language. The event's own message (the check's
 * or the kernel's words) is kept as the agent said it; what Shoal adds around it is translated.
 */
export function renderAlert(e: AlertEvent, status: "firing" | "resolved", locale: AlertLocale, link: string): { title: string; text: string } {
  const zh = locale === "zh-CN";
  const what = zh ? KINDS[e.kind].zh : KINDS[e.kind].en;
  const where = [
    e.cluster && (zh ? `集群 ${e.cluster}` : `cluster ${e.cluster}`),
    e.director && (zh ? `调度器 ${e.director}` : `director ${e.director}`),
    e.service && (zh ? `服务 ${e.service}` : `service ${e.service}`),
    e.dest && (zh ? `真实服务器 ${e.dest}` : `real server ${e.dest}`),
  ]
    .filter(Boolean)
    .join(zh ? "，" : ", ");
  const head = status === "resolved" ? (zh ? "[已恢复]" : "[RESOLVED]") : `[${SEV[locale][e.severity]}]`;
  const title = `${head} ${what}${where ? (zh ? `：${where}` : `: ${where}`) : ""}`;
  const lines = [
    e.message,
    zh ? `开始：${e.startedAt}` : `started: ${e.startedAt}`,
    ...(status === "resolved" && e.endedAt
      ? [zh ? `结束：${e.endedAt}${e.endMessage ? `（${e.endMessage}）` : ""}` : `ended: ${e.endedAt}${e.endMessage ? ` (${e.endMessage})` : ""}`]
      : []),
    zh ? `在控制台查看：${link}` : `open in the console: ${link}`,
  ];
  return { title, text: lines.join("\n") };
}
