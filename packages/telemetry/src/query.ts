import { METRIC_STRIDE, type HealthEvent, type HealthState } from "@shoal/core/metrics/index";
import { totalsRow, type Stats } from "./accumulator.ts";
import type { Frame } from "./frame.ts";
import { ROLLUP_FLOATS, mergeRollup, type SeriesKindName } from "./rollup-db.ts";
import type { Telemetry } from "./telemetry.ts";

export interface SeriesQuery {
  /** Directors to add up (a VIP served by the active director of a pair: pass both). */
  directorIds: readonly string[];
  kind: SeriesKindName;
  service?: string;
  dest?: string;
  from: number;
  to: number;
  /** Upper bound on returned points; coarser buckets are used beyond it. */
  maxPoints?: number;
  now?: number;
}

/**
 * Columnar, as uPlot takes it: t[i] (ms) and, per metric in METRICS order, mean[m][i] and
 * max[m][i]; null is a gap (no sample, or a rate that could not be computed).
 */
export interface SeriesResult {
  source: "raw" | "minute";
  stepMs: number;
  t: number[];
  mean: (number | null)[][];
  max: (number | null)[][];
}

function rowOf(f: Frame, q: SeriesQuery): Float32Array | null {
  if (q.kind === "totals") return totalsRow(f);
  if (q.kind === "service") {
    const r = f.layout.serviceRow(q.service ?? "");
    return r === undefined ? null : f.svc.subarray(r * METRIC_STRIDE, (r + 1) * METRIC_STRIDE);
  }
  const r = f.layout.destRow(q.service ?? "", q.dest ?? "");
  return r === undefined ? null : f.dst.subarray(r * METRIC_STRIDE, (r + 1) * METRIC_STRIDE);
}

function empty(source: SeriesResult["source"], stepMs: number): SeriesResult {
  return { source, stepMs, t: [], mean: Array.from({ length: METRIC_STRIDE }, () => []), max: Array.from({ length: METRIC_STRIDE }, () => []) };
}

/** Per step bucket: per director a rollup [sum, n, max]; across directors means and maxima add. */
function finish(source: SeriesResult["source"], stepMs: number, buckets: Map<number, Map<string, Float64Array>>): SeriesResult {
  const out = empty(source, stepMs);
  for (const t of [...buckets.keys()].sort((a, b) => a - b)) {
    out.t.push(t);
    const perDirector = [...buckets.get(t)!.values()];
    for (let k = 0; k < METRIC_STRIDE; k++) {
      let mean: number | null = null;
      let max: number | null = null;
      for (const r of perDirector) {
        const n = r[METRIC_STRIDE + k]!;
        if (n === 0) continue;
        mean = (mean ?? 0) + r[k]! / n;
        max = (max ?? 0) + r[2 * METRIC_STRIDE + k]!;
      }
      out.mean[k]!.push(mean);
      out.max[k]!.push(max);
    }
  }
  return out;
}

function addTo(buckets: Map<number, Map<string, Float64Array>>, t: number, director: string, r: Float64Array): void {
  let m = buckets.get(t);
  if (!m) buckets.set(t, (m = new Map()));
  const prev = m.get(director);
  m.set(director, prev ? mergeRollup(prev, r) : r);
}

function fromValues(v: ArrayLike<number>): Float64Array {
  const r = new Float64Array(ROLLUP_FLOATS);
  for (let k = 0; k < METRIC_STRIDE; k++) {
    const x = v[k]!;
    if (x !== x) continue;
    r[k] = x;
    r[METRIC_STRIDE + k] = 1;
    r[2 * METRIC_STRIDE + k] = x;
  }
  return r;
}

function fromStats(s: Stats, row: number): Float64Array {
  const r = new Float64Array(ROLLUP_FLOATS);
  s.writeRow(row, r, 0);
  return r;
}

/**
 * From when the 1 s tier holds everything there is for a director. A ring that dropped frames
 * (window or memory budget) reaches back to its oldest frame; one that never dropped holds all
 * this process received, so only minutes an earlier console run wrote can be older. A director
 * that started recently thus gets its 1 s data, not a minute tier with one point.
 */
function rawCoverageFrom(tel: Telemetry, id: string): number {
  const st = tel.director(id);
  if (!st) return tel.startedAt;
  if (st.ring.droppedAny) return st.ring.oldest()?.t ?? tel.startedAt;
  return st.hadHistory ? tel.startedAt : Number.NEGATIVE_INFINITY;
}

/** Picks the step: 1 s from memory when the range fits the raw window and maxPoints, else minutes. */
export function querySeries(tel: Telemetry, q: SeriesQuery): SeriesResult {
  const now = q.now ?? Date.now();
  const maxPoints = q.maxPoints ?? 3600;
  let rawFrom = now - tel.config.rawWindowSeconds * 1000;
  for (const id of q.directorIds) rawFrom = Math.max(rawFrom, rawCoverageFrom(tel, id));
  const spanS = (q.to - q.from) / 1000;
  if (q.from >= rawFrom && spanS <= maxPoints) return rawSeries(tel, q);
  const minutes = Math.max(1, Math.ceil(spanS / 60 / maxPoints));
  return minuteSeries(tel, q, minutes * 60_000);
}

function rawSeries(tel: Telemetry, q: SeriesQuery): SeriesResult {
  const buckets = new Map<number, Map<string, Float64Array>>();
  for (const id of q.directorIds) {
    const st = tel.director(id);
    if (!st) continue;
    for (const f of st.ring.range(q.from, q.to)) {
      const row = rowOf(f, q);
      if (row) addTo(buckets, Math.floor(f.t / 1000) * 1000, id, fromValues(row));
    }
  }
  return finish("raw", 1000, buckets);
}

function minuteSeries(tel: Telemetry, q: SeriesQuery, stepMs: number): SeriesResult {
  const buckets = new Map<number, Map<string, Float64Array>>();
  const from = Math.floor(q.from / 60_000) * 60_000;
  const step = (t: number) => Math.floor(t / stepMs) * stepMs;
  const service = q.kind === "totals" ? "" : (q.service ?? "");
  const dest = q.kind === "dest" ? (q.dest ?? "") : "";
  const ids = tel.db.seriesIdsFor(q.directorIds, q.kind, service, dest);
  for (const r of tel.db.points(ids, from, q.to)) addTo(buckets, step(r.t), r.director, r.stats);
  // Minutes not yet in SQLite: the one being filled and those waiting for the writer.
  const inMemory = [...tel.pending.map((p) => ({ director: p.director, b: p.buckets }))];
  for (const id of q.directorIds) {
    const m = tel.director(id)?.minute;
    if (m) inMemory.push({ director: id, b: m });
  }
  for (const { director, b } of inMemory) {
    if (!q.directorIds.includes(director) || b.minute < from || b.minute > q.to) continue;
    let r: Float64Array | null = null;
    if (q.kind === "totals") r = fromStats(b.totals, 0);
    else if (q.kind === "service") {
      const row = b.layout.serviceRow(service);
      if (row !== undefined) r = fromStats(b.svc, row);
    } else {
      const row = b.layout.destRow(service, dest);
      if (row !== undefined) r = fromStats(b.dst, row);
    }
    if (r) addTo(buckets, step(b.minute), director, r);
  }
  return finish("minute", stepMs, buckets);
}

export interface HealthSegment {
  from: number;
  to: number;
  state: HealthState;
  detail?: string;
  director: string;
}

/**
 * A real server's health as segments over [from, to], per director (each director checks on its
 * own). The state before the first event in range comes from the last event before it.
 */
export function healthTimeline(tel: Telemetry, q: { directorIds: readonly string[]; service: string; dest: string; from: number; to: number }): HealthSegment[] {
  const events = tel.db.healthEvents(q.directorIds, q.service, q.dest, q.from, q.to);
  const out: HealthSegment[] = [];
  const byDirector = new Map<string, (HealthEvent & { director: string })[]>();
  for (const e of events) {
    let l = byDirector.get(e.director);
    if (!l) byDirector.set(e.director, (l = []));
    l.push(e);
  }
  for (const [director, list] of byDirector) {
    list.forEach((e, i) => {
      const end = i + 1 < list.length ? list[i + 1]!.t : q.to;
      const start = Math.max(e.t, q.from);
      if (end > start) out.push({ director, from: start, to: end, state: e.state, ...(e.detail !== undefined ? { detail: e.detail } : {}) });
    });
  }
  return out.sort((a, b) => a.from - b.from || a.director.localeCompare(b.director));
}
