import { timingSafeEqual } from "node:crypto";
import { getDb, type Db } from "@shoal/db";

/** The console's own metric families (deploy/prometheus rules alert on these). */
export const CONSOLE_METRICS = [
  "shoal_event_open",
  "shoal_director_last_report_timestamp_seconds",
  "shoal_alert_outbox_pending",
  "shoal_alert_channel_last_success_timestamp_seconds",
  "shoal_alert_channel_last_failure_timestamp_seconds",
] as const;

const esc = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const labels = (l: Record<string, string | null | undefined>) =>
  `{${Object.entries(l)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}="${esc(v!)}"`)
    .join(",")}}`;

/** Prometheus text exposition of open events, agents' last reports and the alert outbox. */
export async function consoleMetrics(db: Db): Promise<string> {
  const [open, directors, pending, channels, clusters] = await Promise.all([
    db.event.findMany({ where: { openKey: { not: null } }, select: { kind: true, severity: true, clusterId: true, director: true, service: true, dest: true } }),
    db.director.findMany({ select: { name: true, clusterId: true, lastSeenAt: true } }),
    db.outbox.groupBy({ by: ["channelId"], where: { deliveredAt: null }, _count: { _all: true } }),
    db.alertChannel.findMany({ select: { id: true, name: true, type: true, lastSuccessAt: true, lastFailureAt: true } }),
    db.cluster.findMany({ select: { id: true, name: true } }),
  ]);
  const cname = new Map(clusters.map((c) => [c.id, c.name]));
  const chName = new Map(channels.map((c) => [c.id, c.name]));
  const out: string[] = [];
  const family = (name: string, help: string) => out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
  family("shoal_event_open", "1 for each open (not yet ended) event of the console's event log.");
  for (const e of open)
    out.push(
      `shoal_event_open${labels({ kind: e.kind, severity: e.severity, cluster: e.clusterId ? (cname.get(e.clusterId) ?? e.clusterId) : null, director: e.director, service: e.service, real_server: e.dest })} 1`,
    );
  family("shoal_director_last_report_timestamp_seconds", "When the director's agent was last heard from.");
  for (const d of directors)
    if (d.lastSeenAt)
      out.push(`shoal_director_last_report_timestamp_seconds${labels({ cluster: cname.get(d.clusterId) ?? d.clusterId, director: d.name })} ${d.lastSeenAt.getTime() / 1000}`);
  family("shoal_alert_outbox_pending", "Alert messages not yet delivered, per channel.");
  for (const p of pending) out.push(`shoal_alert_outbox_pending${labels({ channel: chName.get(p.channelId) ?? p.channelId })} ${p._count._all}`);
  family("shoal_alert_channel_last_success_timestamp_seconds", "When the channel last accepted a message.");
  for (const c of channels)
    if (c.lastSuccessAt) out.push(`shoal_alert_channel_last_success_timestamp_seconds${labels({ channel: c.name, type: c.type })} ${c.lastSuccessAt.getTime() / 1000}`);
  family("shoal_alert_channel_last_failure_timestamp_seconds", "When the channel last refused or failed a message.");
  for (const c of channels)
    if (c.lastFailureAt) out.push(`shoal_alert_channel_last_failure_timestamp_seconds${labels({ channel: c.name, type: c.type })} ${c.lastFailureAt.getTime() / 1000}`);
  return `${out.join("\n")}\n`;
}

/**
 * GET /api/metrics: only with `Authorization: Bearer $SHOAL_METRICS_TOKEN`; without the variable
 * set the endpoint does not exist (no page without auth).
 */
export async function handleMetricsRequest(req: Request, db: Db = getDb()): Promise<Response> {
  const want = process.env.SHOAL_METRICS_TOKEN;
  if (!want) return new Response("not found\n", { status: 404 });
  const got = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1] ?? "";
  const a = Buffer.from(got);
  const b = Buffer.from(want);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return new Response("unauthorized\n", { status: 401, headers: { "www-authenticate": 'Bearer realm="shoal-metrics"' } });
  return new Response(await consoleMetrics(db), { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" } });
}
