import { alignBatchTimes, bucketStart, decodeSample, type AnySampleBatch, type DecodedSample, type WireIssue } from "@shoal/core/metrics/index";
import { MinuteBuckets } from "./accumulator.ts";
import { telemetryConfig, type TelemetryConfig } from "./config.ts";
import { FrameRing, type Frame } from "./frame.ts";
import { TelemetryHub } from "./hub.ts";
import { Layout } from "./layout.ts";
import { nodeBase64 } from "./codec.ts";
import { RollupDb } from "./rollup-db.ts";
import { Pacer } from "./pacer.ts";

export interface DirectorIdentity {
  directorId: string;
  clusterId: string;
}

export type IngestResult =
  { ok: true; stored: number; duplicates: number; skewMs: number | null } | { ok: false; status: 400; issues: WireIssue[] } | { ok: false; status: 409; unknownLayouts: string[] };

const MINUTE = 60_000;
/** Layouts remembered per director; old ones stay reachable from frames that use them. */
const MAX_LAYOUTS = 8;

export class DirectorState {
  readonly id: string;
  clusterId: string;
  readonly layouts = new Map<string, Layout>();
  readonly ring: FrameRing;
  lastT = Number.NEGATIVE_INFINITY;
  lastSeq = -1;
  lastAgentT = Number.NEGATIVE_INFINITY;
  skewMs: number | null = null;
  minute: MinuteBuckets | null = null;
  /**
   * The rollup database knew this director before this process first heard from it: minutes
   * written by an earlier console run may exist, older than anything in the ring.
   */
  readonly hadHistory: boolean;

  constructor(id: string, clusterId: string, ringCapacity: number, hadHistory = false) {
    this.id = id;
    this.clusterId = clusterId;
    this.ring = new FrameRing(ringCapacity);
    this.hadHistory = hadHistory;
  }
}

export interface TelemetryStats {
  batches: number;
  samples: number;
  duplicates: number;
  rejected: number;
  rollupRowsWritten: number;
  pendingMinutes: number;
}

/**
 * The console's live-monitoring store: validates and decodes agent batches, keeps raw 1 s frames
 * in per-director rings, rolls them into 1 min buckets written to SQLite in the background, and
 * publishes every stored sample on the hub.
 */
export class Telemetry {
  readonly config: TelemetryConfig;
  readonly hub = new TelemetryHub();
  readonly db: RollupDb;
  readonly directors = new Map<string, DirectorState>();
  /** Finished minutes waiting for SQLite; still answered from memory until written. */
  readonly pending: { director: string; buckets: MinuteBuckets }[] = [];
  readonly stats: TelemetryStats = { batches: 0, samples: 0, duplicates: 0, rejected: 0, rollupRowsWritten: 0, pendingMinutes: 0 };
  private writing: Promise<void> | null = null;
  private readonly pacer: Pacer;
  private fullSpeed = false;
  private timer: NodeJS.Timeout | null = null;
  private lastPrune = 0;
  /** When this store started: nothing before it can be in memory. */
  readonly startedAt = Date.now();

  constructor(config: Partial<TelemetryConfig> = {}) {
    this.config = telemetryConfig(config);
    this.db = new RollupDb(this.config.databasePath);
    this.pacer = new Pacer(this.config.writeDuty);
  }

  director(id: string): DirectorState | undefined {
    return this.directors.get(id);
  }

  /** Directors of a cluster: those seen since start, plus those the database remembers. */
  directorsOf(clusterId: string): string[] {
    const ids = new Set(this.db.directorsOf(clusterId));
    for (const d of this.directors.values()) if (d.clusterId === clusterId) ids.add(d.id);
    return [...ids].sort();
  }

  /**
   * Stores a validated batch, all or nothing: every sample is decoded and checked before the
   * first is stored, so a bad sample in a backlog leaves no partial trace.
   */
  ingest(who: DirectorIdentity, batch: AnySampleBatch, receivedAt = Date.now()): IngestResult {
    let st = this.directors.get(who.directorId);
    const known = (id: string) => batchLayouts.get(id) ?? st?.layouts.get(id);
    const batchLayouts = new Map(batch.layouts.map((l) => [l.id, new Layout(l)] as const));

    const unknown = [...new Set(batch.samples.map((s) => s.l).filter((l) => !known(l)))];
    if (unknown.length) {
      this.stats.rejected++;
      return { ok: false, status: 409, unknownLayouts: unknown };
    }
    const decoded: { d: DecodedSample; layout: Layout }[] = [];
    for (let i = 0; i < batch.samples.length; i++) {
      const s = batch.samples[i]!;
      const layout = known(s.l)!;
      const r = decodeSample(s, { id: layout.id, svc: layout.svc as string[], dst: { s: layout.dstSvc as number[], k: layout.dstKey as string[] } }, nodeBase64, `samples.${i}.`);
      if (!r.ok) {
        this.stats.rejected++;
        return { ok: false, status: 400, issues: r.errors };
      }
      decoded.push({ d: r.value, layout });
    }

    if (!st) {
      st = new DirectorState(who.directorId, who.clusterId, Math.ceil(this.config.rawWindowSeconds), this.db.knowsDirector(who.directorId));
      this.directors.set(who.directorId, st);
      this.db.rememberDirector(who.directorId, who.clusterId);
    } else if (st.clusterId !== who.clusterId) {
      st.clusterId = who.clusterId;
      this.db.rememberDirector(who.directorId, who.clusterId);
    }
    for (const l of batchLayouts.values()) {
      st.layouts.delete(l.id);
      st.layouts.set(l.id, l);
      if (st.layouts.size > MAX_LAYOUTS) st.layouts.delete(st.layouts.keys().next().value!);
    }

    decoded.sort((a, b) => a.d.t - b.d.t);
    const aligned = alignBatchTimes(
      decoded.map((x) => x.d.t),
      receivedAt,
      this.config.clock,
    );
    st.skewMs = aligned.skewMs;
    // A batch whose response was lost comes again with the same seq; re-stamping (skewed clock)
    // would make its samples look new, so the agent's own timestamps decide then.
    const replay = batch.seq === st.lastSeq;
    st.lastSeq = batch.seq;
    let stored = 0;
    let duplicates = 0;
    for (let i = 0; i < decoded.length; i++) {
      const { d, layout } = decoded[i]!;
      const t = aligned.t[i]!;
      if (t <= st.lastT || (replay && d.t <= st.lastAgentT)) {
        // A replay (agent retried a batch we had stored) or a sample older than what we show.
        duplicates++;
        continue;
      }
      st.lastT = t;
      st.lastAgentT = d.t;
      const frame: Frame = { t, agentT: d.t, layout, svc: d.svc, dst: d.dst, totals: d.totals };
      st.ring.push(frame);
      const budget = this.config.maxRawBytes / this.directors.size;
      while (st.ring.bytes > budget && st.ring.length > 1) st.ring.dropOldest();
      this.accumulate(st, frame, receivedAt);
      stored++;
      this.hub.publish({ type: "sample", clusterId: st.clusterId, directorId: st.id, frame, publishedAt: Date.now() });
    }
    if (batch.health.length) {
      this.db.recordHealth(st.id, batch.health);
      this.hub.publish({ type: "health", clusterId: st.clusterId, directorId: st.id, events: batch.health, publishedAt: Date.now() });
    }
    this.stats.batches++;
    this.stats.samples += stored;
    this.stats.duplicates += duplicates;
    return { ok: true, stored, duplicates, skewMs: aligned.skewMs };
  }

  private accumulate(st: DirectorState, f: Frame, now: number): void {
    const minute = bucketStart(f.t, MINUTE);
    if (st.minute && (st.minute.minute !== minute || st.minute.layout !== f.layout)) this.seal(st);
    if (!st.minute) st.minute = new MinuteBuckets(minute, f.layout);
    st.minute.add(f, now);
  }

  private seal(st: DirectorState): void {
    if (!st.minute) return;
    this.pending.push({ director: st.id, buckets: st.minute });
    this.stats.pendingMinutes = this.pending.length;
    st.minute = null;
  }

  /**
   * Seals minutes of directors that went quiet (or all, with `all`) and writes finished minutes to
   * SQLite. One writer at a time; callers share the write in progress.
   */
  flush(opts: { all?: boolean; now?: number } = {}): Promise<void> {
    const now = opts.now ?? Date.now();
    // Closing (all) writes at full speed; otherwise the pacer leaves the loop to ingestion.
    if (opts.all) this.fullSpeed = true;
    for (const st of this.directors.values()) {
      if (st.minute && (opts.all || now - st.minute.lastAdded > this.config.sealAfterMs)) this.seal(st);
    }
    if (this.writing) return this.writing.then(() => (this.pending.length ? this.flush({ now, ...(opts.all ? { all: true } : {}) }) : undefined));
    this.pacer.reset();
    this.writing = (async () => {
      while (this.pending.length) {
        const p = this.pending[0]!;
        // Each director seals one minute per minute: more than one per director waiting means the
        // writer is falling behind, so it takes a bigger share until it has caught up.
        this.pacer.duty = this.fullSpeed ? 1 : Math.min(1, this.config.writeDuty * Math.max(1, this.pending.length / Math.max(1, this.directors.size)));
        this.stats.rollupRowsWritten += await this.db.writeBuckets(p.director, p.buckets, this.config.writeChunkRows, this.pacer);
        this.pending.shift();
        this.stats.pendingMinutes = this.pending.length;
      }
      if (now - this.lastPrune > 3_600_000) {
        this.lastPrune = now;
        const cutoff = now - this.config.minuteRetentionDays * 86_400_000;
        await this.db.prune(cutoff, cutoff, 2_000, this.pacer);
      }
    })().finally(() => {
      this.writing = null;
      this.fullSpeed = false;
    });
    return this.writing;
  }

  /** Background writing every few seconds; unref'd so it never keeps a process alive. */
  start(intervalMs = 5_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush().catch((e) => console.error("telemetry flush failed", e)), intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush({ all: true });
    this.db.close();
  }
}

/**
 * One store per console process, created on first use with the environment's configuration.
 * Kept on globalThis: Next.js may load this module once per route bundle (and again on every dev
 * reload), and the agent route and the tRPC subscriptions must share one hub.
 */
export function getTelemetry(): Telemetry {
  const g = globalThis as { __shoalTelemetry?: Telemetry };
  if (!g.__shoalTelemetry) {
    g.__shoalTelemetry = new Telemetry();
    g.__shoalTelemetry.start();
  }
  return g.__shoalTelemetry;
}
