import { draft, type EventDraft } from "./kinds.ts";
import type { VrrpReport } from "./vrrp.ts";

/** The parts of an agent's status report events are derived from (packages/api's StatusReport). */
export interface ReportFacts {
  appliedRevision: number | null;
  targetRevision: number | null;
  errors: { operation: string; message: string; at: string }[];
  drift: { at: string; found: string[]; corrected: boolean }[];
  health: { service: string; dest: string; up: boolean; check: string; lastMessage: string }[];
  vrrp?: VrrpReport | undefined;
}

export interface ServiceQuorum {
  quorum?: number | undefined;
  hysteresis?: number | undefined;
  /** Real server key -> configured weight. */
  weights: Map<string, number>;
  hasSorryServer: boolean;
}

export interface DeriveContext {
  director: { id: string; name: string };
  /** Keys of this cluster's events that are open now. */
  open: ReadonlySet<string>;
  previousAppliedRevision: number | null;
  /** Newest drift / error / VRRP transition time already recorded for this director (ISO). */
  lastDriftAt: string | null;
  lastErrorAt: string | null;
  lastTransitionAt: string | null;
  /** Services by core serviceKey, for quorum. */
  services: ReadonlyMap<string, ServiceQuorum>;
  now: Date;
}

export interface Derived {
  open: EventDraft[];
  /** Open events to end now, with why. */
  close: { key: string; message: string }[];
}

const rsKey = (d: string, svc: string, dest: string) => `realserver.down|${d}|${svc}|${dest}`;

/** Events a status report opens and closes, against what is open already. Pure. */
export function deriveFromReport(r: ReportFacts, ctx: DeriveContext): Derived {
  const out: Derived = { open: [], close: [] };
  const d = ctx.director;
  const base = { directorId: d.id, director: d.name, startedAt: ctx.now };
  const want = (key: string, on: boolean, make: () => EventDraft, closeMsg: string) => {
    const isOpen = ctx.open.has(key);
    if (on && !isOpen) out.open.push(make());
    else if (!on && isOpen) out.close.push({ key, message: closeMsg });
  };

  // Real servers, per service.
  const bySvc = new Map<string, ReportFacts["health"]>();
  const seen = new Set<string>();
  for (const h of r.health) {
    const k = rsKey(d.id, h.service, h.dest);
    seen.add(k);
    (bySvc.get(h.service) ?? bySvc.set(h.service, []).get(h.service)!).push(h);
    want(
      k,
      !h.up,
      () =>
        draft("realserver.down", k, {
          ...base,
          service: h.service,
          dest: h.dest,
          message: `${h.dest} down: ${h.lastMessage}`,
          details: { check: h.check, lastMessage: h.lastMessage },
        }),
      `${h.dest} up: ${h.lastMessage}`,
    );
  }
  // A real server no longer checked (removed, or checks switched off) is no longer down.
  for (const k of ctx.open) if (k.startsWith(`realserver.down|${d.id}|`) && !seen.has(k)) out.close.push({ key: k, message: "no longer checked" });

  const svcSeen = new Set<string>();
  for (const [svc, hs] of bySvc) {
    svcSeen.add(svc);
    const up = hs.filter((h) => h.up);
    const q = ctx.services.get(svc);
    const darkKey = `service.dark|${d.id}|${svc}`;
    want(
      darkKey,
      up.length === 0,
      () =>
        draft("service.dark", darkKey, {
          ...base,
          service: svc,
          message: q?.hasSorryServer ? `all ${hs.length} real servers down: sorry server in use` : `all ${hs.length} real servers down: service dark`,
          details: { sorryServer: !!q?.hasSorryServer },
        }),
      `${up.length} of ${hs.length} real servers up`,
    );
    if (q?.quorum !== undefined && q.quorum > 0) {
      const live = up.reduce((s, h) => s + (q.weights.get(h.dest) ?? 1), 0);
      const qKey = `quorum.lost|${d.id}|${svc}`;
      const was = !ctx.open.has(qKey);
      const hyst = q.hysteresis ?? 0;
      // keepalived's hysteresis: once in, stay while >= quorum - h; get back in at >= quorum + h.
      const inQ = was ? live >= q.quorum - hyst : live >= q.quorum + hyst;
      want(
        qKey,
        !inQ,
        () => draft("quorum.lost", qKey, { ...base, service: svc, message: `live weight ${live} below quorum ${q.quorum}`, details: { live, quorum: q.quorum, hysteresis: hyst } }),
        `live weight ${live} back at quorum ${q.quorum}`,
      );
    }
  }
  for (const k of ctx.open) {
    for (const p of ["service.dark", "quorum.lost"]) {
      if (k.startsWith(`${p}|${d.id}|`) && !svcSeen.has(k.slice(`${p}|${d.id}|`.length))) out.close.push({ key: k, message: "service no longer checked" });
    }
  }

  // Drift: each report entry newer than the last recorded one.
  const driftKey = `drift.found|${d.id}`;
  let driftOpen = ctx.open.has(driftKey);
  for (const x of r.drift) {
    if (ctx.lastDriftAt && x.at <= ctx.lastDriftAt) continue;
    const summary = x.found.slice(0, 5).join("; ") + (x.found.length > 5 ? ` (+${x.found.length - 5} more)` : "");
    if (x.corrected) {
      out.open.push(
        draft("drift.corrected", `drift.corrected|${d.id}|${x.at}`, { ...base, startedAt: new Date(x.at), message: `corrected: ${summary}`, details: { found: x.found } }),
      );
      if (driftOpen) out.close.push({ key: driftKey, message: `corrected: ${summary}` });
      driftOpen = false;
    } else if (!driftOpen) {
      out.open.push(draft("drift.found", driftKey, { ...base, startedAt: new Date(x.at), message: `found: ${summary}`, details: { found: x.found, at: x.at } }));
      driftOpen = true;
    }
  }

  // Revisions.
  const prev = ctx.previousAppliedRevision;
  if (r.appliedRevision !== null && r.appliedRevision !== prev) {
    if (prev !== null && r.appliedRevision < prev) {
      out.open.push(
        draft("revision.rolled_back", `revision.rolled_back|${d.id}|${r.appliedRevision}|${ctx.now.getTime()}`, {
          ...base,
          message: `rolled back from revision ${prev} to ${r.appliedRevision}`,
          details: { from: prev, to: r.appliedRevision },
        }),
      );
    } else {
      out.open.push(
        draft("revision.applied", `revision.applied|${d.id}|${r.appliedRevision}|${ctx.now.getTime()}`, {
          ...base,
          message: `revision ${r.appliedRevision} applied`,
          details: { revision: r.appliedRevision },
        }),
      );
    }
  }
  const failKey = `revision.failed|${d.id}`;
  const failing = r.errors.length > 0 && r.targetRevision !== null && r.targetRevision !== r.appliedRevision;
  const newest = r.errors.reduce<string | null>((m, e) => (m === null || e.at > m ? e.at : m), null);
  if (failing && !ctx.open.has(failKey) && (!ctx.lastErrorAt || (newest !== null && newest > ctx.lastErrorAt))) {
    const first = r.errors[0]!;
    out.open.push(
      draft("revision.failed", failKey, {
        ...base,
        message: `revision ${r.targetRevision} failed: ${first.operation}: ${first.message}`,
        details: { revision: r.targetRevision, errors: r.errors.slice(0, 20), at: newest },
      }),
    );
  } else if (!failing && ctx.open.has(failKey)) {
    out.close.push({ key: failKey, message: r.appliedRevision !== null ? `revision ${r.appliedRevision} applied` : "no longer failing" });
  }

  // VRRP transitions (instants); a move to MASTER from BACKUP is a failover.
  for (const t of r.vrrp?.transitions ?? []) {
    if (ctx.lastTransitionAt && t.at <= ctx.lastTransitionAt) continue;
    const at = new Date(t.at);
    const why = t.reason ? ` (${t.reason})` : "";
    const failover = t.to === "MASTER" && t.from !== null && t.from !== "INIT";
    out.open.push(
      draft(failover ? "director.failover" : "vrrp.transition", `vrrp|${d.id}|${t.instance}|${t.at}`, {
        ...base,
        startedAt: at,
        severity: failover || t.to === "FAULT" ? "critical" : t.to === "MASTER" ? "info" : "warning",
        message: failover ? `${d.name} took over ${t.instance} as MASTER (was ${t.from})${why}` : `${t.instance}: ${t.from ?? "?"} -> ${t.to}${why}`,
        details: { instance: t.instance, from: t.from, to: t.to, at: t.at },
      }),
    );
  }
  return out;
}

/**
 * Across a cluster's directors: two MASTERs of one instance is split brain; none where some
 * director runs it is "no master". Directors not reporting (offline) are left out.
 */
export function deriveVrrpCluster(directors: { id: string; name: string; vrrp?: VrrpReport | undefined }[], open: ReadonlySet<string>, now: Date): Derived {
  const out: Derived = { open: [], close: [] };
  const byInst = new Map<string, { name: string; state: string }[]>();
  for (const d of directors)
    for (const i of d.vrrp?.instances ?? []) (byInst.get(i.instance) ?? byInst.set(i.instance, []).get(i.instance)!).push({ name: d.name, state: i.state });
  for (const [inst, ds] of byInst) {
    const masters = ds.filter((x) => x.state === "MASTER").map((x) => x.name);
    const sb = `vrrp.split_brain|${inst}`;
    if (masters.length > 1 && !open.has(sb))
      out.open.push(draft("vrrp.split_brain", sb, { startedAt: now, message: `${inst}: ${masters.join(", ")} are all MASTER`, details: { instance: inst, masters } }));
    else if (masters.length <= 1 && open.has(sb)) out.close.push({ key: sb, message: `${inst}: ${masters.length} master` });
    const nm = `vrrp.no_master|${inst}`;
    const states = ds.map((x) => `${x.name}=${x.state}`).join(", ");
    if (masters.length === 0 && !open.has(nm))
      out.open.push(draft("vrrp.no_master", nm, { startedAt: now, message: `${inst}: no director is MASTER (${states})`, details: { instance: inst, states: ds } }));
    else if (masters.length > 0 && open.has(nm)) out.close.push({ key: nm, message: `${inst}: ${masters[0]} is MASTER` });
  }
  for (const k of open) {
    const m = /^vrrp\.(split_brain|no_master)\|(.*)$/.exec(k);
    if (m && !byInst.has(m[2]!)) out.close.push({ key: k, message: "instance no longer reported" });
  }
  return out;
}
