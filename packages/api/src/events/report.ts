import type { Db } from "@shoal/db";
import { deriveFromReport, deriveVrrpCluster, destKey, serviceKey, VrrpReport, type ReportFacts, type ServiceQuorum } from "@shoal/core";
import { logger } from "../log.ts";
import { openKeys, recordDerived } from "./store.ts";

async function newest(db: Db, directorId: string, kinds: string[], field: "at"): Promise<string | null> {
  // The agent's own time of the newest entry already recorded (kept in details.at).
  const row = await db.event.findFirst({ where: { directorId, kind: { in: kinds } }, orderBy: { startedAt: "desc" }, select: { details: true } });
  if (!row) return null;
  const v = (JSON.parse(row.details) as Record<string, unknown>)[field];
  return typeof v === "string" ? v : null;
}

/**
 * Each service's quorum facts, read once per draft version: every status report with health needs
 * them, and reading and parsing every service of the cluster per report was most of the work on
 * the agent API's hot path. Every topology edit bumps draftVersion (touchDraft, replaceDraft); the
 * version is read before the services, so an edit racing the read is cached under the older
 * version and read again on the next report.
 */
const quorumCache = new Map<string, { draftVersion: number; services: Map<string, ServiceQuorum> }>();

async function quorumOf(db: Db, clusterId: string): Promise<Map<string, ServiceQuorum>> {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { draftVersion: true } });
  const hit = quorumCache.get(clusterId);
  if (cluster && hit && hit.draftVersion === cluster.draftVersion) return hit.services;
  const services = await readQuorum(db, clusterId);
  if (cluster) quorumCache.set(clusterId, { draftVersion: cluster.draftVersion, services });
  else quorumCache.delete(clusterId);
  return services;
}

async function readQuorum(db: Db, clusterId: string): Promise<Map<string, ServiceQuorum>> {
  const rows = await db.virtualService.findMany({
    where: { clusterId },
    select: { protocol: true, family: true, address: true, port: true, fwmark: true, data: true, realServers: { select: { address: true, port: true, weight: true } } },
  });
  const out = new Map<string, ServiceQuorum>();
  for (const r of rows) {
    const data = JSON.parse(r.data) as { quorum?: number; hysteresis?: number; sorryServer?: unknown };
    const key = serviceKey({
      protocol: r.protocol as "tcp",
      family: r.family as "inet",
      address: r.address ?? undefined,
      port: r.port ?? undefined,
      fwmark: r.fwmark ?? undefined,
    });
    out.set(key, { quorum: data.quorum, hysteresis: data.hysteresis, hasSorryServer: !!data.sorryServer, weights: new Map(r.realServers.map((d) => [destKey(d), d.weight])) });
  }
  return out;
}

/**
 * Called by the agent API with each status report, before the director row is overwritten:
 * derives the director's events against what is open, then the cluster's VRRP picture.
 * Never fails the report: a problem here is logged, the agent's report is still stored.
 */
export function eventsFromReport(
  db: Db,
  director: { id: string; clusterId: string; name: string },
  report: ReportFacts & { vrrp?: VrrpReport | undefined },
  now = new Date(),
): Promise<void> {
  // One director's reports are derived one after another: a report read before the previous
  // one's events were written would miss what that one opened (and never close it).
  const prev = chains.get(director.id) ?? Promise.resolve();
  const next = prev.then(() => derive(db, director, report, now));
  chains.set(director.id, next);
  void next.finally(() => chains.get(director.id) === next && chains.delete(director.id));
  return next;
}

const chains = new Map<string, Promise<void>>();

async function derive(db: Db, director: { id: string; clusterId: string; name: string }, report: ReportFacts & { vrrp?: VrrpReport | undefined }, now: Date): Promise<void> {
  try {
    const prev = await db.director.findUnique({ where: { id: director.id }, select: { appliedRevision: true } });
    const open = await openKeys(db, director.clusterId, director.id);
    const derived = deriveFromReport(report, {
      director: { id: director.id, name: director.name },
      open,
      previousAppliedRevision: prev?.appliedRevision ?? null,
      lastDriftAt: report.drift.length ? await newest(db, director.id, ["drift.found", "drift.corrected"], "at") : null,
      lastErrorAt: report.errors.length ? await newest(db, director.id, ["revision.failed"], "at") : null,
      lastTransitionAt: report.vrrp?.transitions.length ? await newest(db, director.id, ["director.failover", "vrrp.transition"], "at") : null,
      services: report.health.length ? await quorumOf(db, director.clusterId) : new Map(),
      now,
    });
    await recordDerived(db, director.clusterId, derived, now);
    if (report.vrrp) {
      const peers = await db.director.findMany({
        where: { clusterId: director.clusterId, id: { not: director.id } },
        select: { id: true, name: true, status: true, lastSeenAt: true },
      });
      const staleBefore = now.getTime() - offlineAfterMs();
      const directors = [
        { id: director.id, name: director.name, vrrp: report.vrrp },
        ...peers
          .filter((p) => p.lastSeenAt && p.lastSeenAt.getTime() >= staleBefore && p.status)
          .map((p) => ({ id: p.id, name: p.name, vrrp: VrrpReport.optional().safeParse((JSON.parse(p.status!) as { vrrp?: unknown }).vrrp).data })),
      ];
      await recordDerived(db, director.clusterId, deriveVrrpCluster(directors, await openKeys(db, director.clusterId), now), now);
    }
  } catch (err) {
    logger.error({ err, director: director.name }, "could not derive events from a status report");
  }
}

/** No report for this long: the agent is offline (SHOAL_AGENT_OFFLINE_AFTER_S, default 60 s). */
export function offlineAfterMs(): number {
  const s = Number(process.env.SHOAL_AGENT_OFFLINE_AFTER_S ?? 60);
  return (Number.isFinite(s) && s >= 1 ? s : 60) * 1000;
}
