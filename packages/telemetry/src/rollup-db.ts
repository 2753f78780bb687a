import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { METRIC_STRIDE, type HealthEvent } from "@shoal/core/metrics/index";
import type { MinuteBuckets, Stats } from "./accumulator.ts";
import type { Layout } from "./layout.ts";
import type { Pacer } from "./pacer.ts";

/** A rollup blob: float64 little-endian [sum x7, n x7, max x7] in METRICS order. */
export const ROLLUP_FLOATS = 3 * METRIC_STRIDE;
export const ROLLUP_BYTES = ROLLUP_FLOATS * 8;

export const SeriesKind = { totals: 0, service: 1, dest: 2 } as const;
export type SeriesKindName = keyof typeof SeriesKind;

export interface RollupRow {
  director: string;
  t: number;
  /** [sum x7, n x7, max x7] */
  stats: Float64Array;
}

function decodeBlob(b: Buffer): Float64Array {
  const out = new Float64Array(ROLLUP_FLOATS);
  for (let i = 0; i < ROLLUP_FLOATS; i++) out[i] = b.readDoubleLE(i * 8);
  return out;
}

/** Two partial rollups of the same series and minute (e.g. split by a layout change) add up. */
export function mergeRollup(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(ROLLUP_FLOATS);
  for (let k = 0; k < METRIC_STRIDE; k++) {
    out[k] = a[k]! + b[k]!;
    out[METRIC_STRIDE + k] = a[METRIC_STRIDE + k]! + b[METRIC_STRIDE + k]!;
    const an = a[METRIC_STRIDE + k]!;
    const bn = b[METRIC_STRIDE + k]!;
    out[2 * METRIC_STRIDE + k] = an === 0 ? b[2 * METRIC_STRIDE + k]! : bn === 0 ? a[2 * METRIC_STRIDE + k]! : Math.max(a[2 * METRIC_STRIDE + k]!, b[2 * METRIC_STRIDE + k]!);
  }
  return out;
}

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));
const unpaced = { pause: yieldToEventLoop };

/** Longest single SQLite transaction so far, ms: how long ingestion could have waited on disk. */
export const writeStats = { maxTransactionMs: 0, transactions: 0 };

function timed<T>(f: () => T): T {
  const t0 = performance.now();
  try {
    return f();
  } finally {
    writeStats.maxTransactionMs = Math.max(writeStats.maxTransactionMs, performance.now() - t0);
    writeStats.transactions++;
  }
}

/**
 * The 1 min tier and health events, in their own SQLite file so rollup writes never contend with
 * the console's main database. better-sqlite3 directly (not Prisma): a minute of a large fleet is
 * a million rows, written as prepared-statement batches in short transactions.
 */
export class RollupDb {
  readonly db: Database.Database;
  private readonly seriesOf: Database.Statement<[string]>;
  private readonly insertSeries: Database.Statement<[string, number, string, string]>;
  private readonly upsertPoint: Database.Statement<[number, number, Buffer]>;
  private readonly insertHealth: Database.Statement<[string, string, string, number, string, string | null]>;
  private readonly upsertDirector: Database.Statement<[string, string]>;

  constructor(path: string) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.function("merge_rollup", { deterministic: true }, (a: unknown, b: unknown) => {
      const m = mergeRollup(decodeBlob(a as Buffer), decodeBlob(b as Buffer));
      return Buffer.from(m.buffer);
    });
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS directors (id TEXT PRIMARY KEY, cluster TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS series (
        id INTEGER PRIMARY KEY,
        director TEXT NOT NULL,
        kind INTEGER NOT NULL,
        service TEXT NOT NULL,
        dest TEXT NOT NULL,
        UNIQUE (director, kind, service, dest)
      );
      CREATE TABLE IF NOT EXISTS points_1m (
        series INTEGER NOT NULL,
        t INTEGER NOT NULL,
        b BLOB NOT NULL,
        PRIMARY KEY (series, t)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS points_1m_t ON points_1m (t);
      CREATE TABLE IF NOT EXISTS health_events (
        director TEXT NOT NULL,
        service TEXT NOT NULL,
        dest TEXT NOT NULL,
        t INTEGER NOT NULL,
        state TEXT NOT NULL,
        detail TEXT
      );
      CREATE INDEX IF NOT EXISTS health_events_key ON health_events (director, service, dest, t);
      CREATE INDEX IF NOT EXISTS health_events_t ON health_events (t);
    `);
    this.seriesOf = this.db.prepare("SELECT id, kind, service, dest FROM series WHERE director = ?");
    this.insertSeries = this.db.prepare("INSERT INTO series (director, kind, service, dest) VALUES (?, ?, ?, ?)");
    this.upsertPoint = this.db.prepare("INSERT INTO points_1m (series, t, b) VALUES (?, ?, ?) ON CONFLICT (series, t) DO UPDATE SET b = merge_rollup(b, excluded.b)");
    this.insertHealth = this.db.prepare("INSERT INTO health_events (director, service, dest, t, state, detail) VALUES (?, ?, ?, ?, ?, ?)");
    this.upsertDirector = this.db.prepare("INSERT INTO directors (id, cluster) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET cluster = excluded.cluster");
  }

  rememberDirector(id: string, cluster: string): void {
    this.upsertDirector.run(id, cluster);
  }

  knowsDirector(id: string): boolean {
    return this.db.prepare("SELECT 1 FROM directors WHERE id = ?").get(id) !== undefined;
  }

  directorsOf(cluster: string): string[] {
    return (this.db.prepare("SELECT id FROM directors WHERE cluster = ? ORDER BY id").all(cluster) as { id: string }[]).map((r) => r.id);
  }

  /**
   * SQLite ids of a layout's series. What the director already has comes from one read of its
   * series (a console restart re-resolves 100 directors x 11,000 series: an upsert each had cost
   * seconds of ingest time); only new series are inserted, in paced chunks.
   */
  private async ensureSeriesIds(director: string, layout: Layout, chunk: number, pacer: Pick<Pacer, "pause">): Promise<NonNullable<Layout["seriesIds"]>> {
    if (layout.seriesIds) return layout.seriesIds;
    const known = new Map<string, number>();
    for (const [id, kind, service, dest] of this.seriesOf.raw(true).iterate(director) as IterableIterator<[number, number, string, string]>) {
      known.set(`${kind}\0${service}\0${dest}`, id);
    }
    const svc = new Int32Array(layout.svc.length);
    const dst = new Int32Array(layout.dstKey.length);
    const jobs: [Int32Array | null, number, number, string, string][] = [];
    const want = (arr: Int32Array | null, i: number, kind: number, service: string, dest: string) => {
      const id = known.get(`${kind}\0${service}\0${dest}`);
      if (id === undefined) jobs.push([arr, i, kind, service, dest]);
      else if (arr) arr[i] = id;
      return id;
    };
    let totals = want(null, 0, SeriesKind.totals, "", "");
    layout.svc.forEach((k, i) => want(svc, i, SeriesKind.service, k, ""));
    layout.dstKey.forEach((k, i) => want(dst, i, SeriesKind.dest, layout.svc[layout.dstSvc[i]!]!, k));
    for (let start = 0; start < jobs.length; start += chunk) {
      timed(() =>
        this.db.transaction(() => {
          for (const [arr, i, kind, s, d] of jobs.slice(start, start + chunk)) {
            const id = Number(this.insertSeries.run(director, kind, s, d).lastInsertRowid);
            if (arr) arr[i] = id;
            else totals = id;
          }
        })(),
      );
      await pacer.pause();
    }
    layout.seriesIds = { svc, dst, totals: totals! };
    return layout.seriesIds;
  }

  /**
   * Writes one director's finished minute in chunks, pausing between them (see Pacer) so
   * ingestion goes on.
   */
  async writeBuckets(director: string, b: MinuteBuckets, chunk: number, pacer: Pick<Pacer, "pause"> = unpaced): Promise<number> {
    const ids = await this.ensureSeriesIds(director, b.layout, chunk, pacer);
    const rows: [Stats, number, number][] = [[b.totals, 0, ids.totals]];
    const blob = new Float64Array(chunk * ROLLUP_FLOATS);
    const bytes = Buffer.from(blob.buffer);
    let written = 0;
    const tables: [Stats, Int32Array][] = [
      [b.svc, ids.svc],
      [b.dst, ids.dst],
    ];
    const all: [Stats, number, number][] = rows;
    for (const [stats, idArr] of tables) for (let r = 0; r < stats.rows; r++) all.push([stats, r, idArr[r]!]);
    for (let start = 0; start < all.length; start += chunk) {
      timed(() =>
        this.db.transaction(() => {
          const end = Math.min(all.length, start + chunk);
          for (let i = start; i < end; i++) {
            const [stats, r, id] = all[i]!;
            const off = (i - start) * ROLLUP_FLOATS;
            stats.writeRow(r, blob, off);
            if (blob[off + METRIC_STRIDE] === 0) continue; // no sample reached this series
            // better-sqlite3 copies the bytes at run(), so one scratch buffer serves the whole chunk.
            this.upsertPoint.run(id, b.minute, bytes.subarray(off * 8, off * 8 + ROLLUP_BYTES));
            written++;
          }
        })(),
      );
      await pacer.pause();
    }
    return written;
  }

  seriesIdsFor(directors: readonly string[], kind: SeriesKindName, service: string, dest: string): { id: number; director: string }[] {
    if (directors.length === 0) return [];
    const q = `SELECT id, director FROM series WHERE kind = ? AND service = ? AND dest = ? AND director IN (${directors.map(() => "?").join(",")})`;
    return this.db.prepare(q).all(SeriesKind[kind], service, dest, ...directors) as { id: number; director: string }[];
  }

  points(series: readonly { id: number; director: string }[], from: number, to: number): RollupRow[] {
    const stmt = this.db.prepare("SELECT t, b FROM points_1m WHERE series = ? AND t >= ? AND t <= ? ORDER BY t");
    const out: RollupRow[] = [];
    for (const s of series) for (const r of stmt.all(s.id, from, to) as { t: number; b: Buffer }[]) out.push({ director: s.director, t: r.t, stats: decodeBlob(r.b) });
    return out;
  }

  recordHealth(director: string, events: readonly HealthEvent[]): void {
    this.db.transaction(() => {
      for (const e of events) this.insertHealth.run(director, e.service, e.dest, e.t, e.state, e.detail ?? null);
    })();
  }

  healthEvents(directors: readonly string[], service: string, dest: string, from: number, to: number): (HealthEvent & { director: string })[] {
    const out: (HealthEvent & { director: string })[] = [];
    const before = this.db.prepare("SELECT t, state, detail FROM health_events WHERE director = ? AND service = ? AND dest = ? AND t < ? ORDER BY t DESC LIMIT 1");
    const inside = this.db.prepare("SELECT t, state, detail FROM health_events WHERE director = ? AND service = ? AND dest = ? AND t >= ? AND t <= ? ORDER BY t");
    type Row = { t: number; state: HealthEvent["state"]; detail: string | null };
    const mk = (director: string, r: Row) => ({ director, service, dest, t: r.t, state: r.state, ...(r.detail !== null ? { detail: r.detail } : {}) });
    for (const d of directors) {
      const b = before.get(d, service, dest, from) as Row | undefined;
      if (b) out.push(mk(d, b));
      for (const r of inside.all(d, service, dest, from, to) as Row[]) out.push(mk(d, r));
    }
    return out.sort((a, b) => a.t - b.t);
  }

  /** Deletes what is older than the cutoffs, a bounded number of rows per transaction. */
  async prune(pointsBefore: number, healthBefore: number, chunk = 10_000, pacer: Pick<Pacer, "pause"> = unpaced): Promise<number> {
    const delPoints = this.db.prepare("DELETE FROM points_1m WHERE (series, t) IN (SELECT series, t FROM points_1m WHERE t < ? LIMIT ?)");
    let total = 0;
    for (;;) {
      const n = delPoints.run(pointsBefore, chunk).changes;
      total += n;
      if (n < chunk) break;
      await pacer.pause();
    }
    total += this.db.prepare("DELETE FROM health_events WHERE t < ?").run(healthBefore).changes;
    return total;
  }

  close(): void {
    this.db.close();
  }
}
