import { z } from "zod";
import { countersToStrings } from "./counters.ts";
import type { RateSample, RateSet, SeriesRate } from "./rates.ts";
import { pureBase64, type Base64Codec } from "./base64.ts";

/**
 * The agent -> console sample batch (POST /api/agent/v1/samples), version 1.
 *
 * A director with 1,000 services x 10 real servers sends 11,000 series every second. As JSON
 * objects (or even flat JSON number arrays) that is ~750 KB whose JSON.parse plus validation cost
 * ~20 ms: 2 cores for 100 directors. So the envelope is JSON, validated by zod, but:
 * - the series keys travel as a *layout*, sent once and then referenced by id (`l`): keys change
 *   only when services or real servers are added or removed. A console that does not know an id
 *   answers 409 `layout-unknown` and the agent resends it with the next batch;
 * - each sample's numbers are one little-endian Float32 matrix per table, base64 in a string:
 *   rows in layout order, METRIC_STRIDE columns in METRICS order. Gauges are finite and >= 0;
 *   rates are >= 0 or NaN when the agent could not compute them (new series, counter reset, clock
 *   trouble), so charts draw a gap rather than a fake zero. Float32 keeps 7 significant digits:
 *   plenty for a chart, and exact counters stay on the agent (Prometheus) and in `totals`.
 */
export const METRICS = ["active", "inactive", "cps", "inPps", "outPps", "inBps", "outBps"] as const;
export type Metric = (typeof METRICS)[number];
export const METRIC_STRIDE = METRICS.length;
/** Columns before this index are gauges (never NaN), the rest are rates. */
export const GAUGE_COUNT = 2;

export const WIRE_VERSION = 1;
/** A batch carries at most this many samples: two minutes of 1 Hz backlog after an outage. */
export const MAX_SAMPLES_PER_BATCH = 120;
export const MAX_SERIES_PER_TABLE = 1_000_000;

const u64 = z.union([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,20}$/, "u64 as decimal digits")]);
const rate = z.number().nonnegative();

export const WireTotals = z.object({
  conns: u64,
  inPkts: u64,
  outPkts: u64,
  inBytes: u64,
  outBytes: u64,
  /** cps, inPps, outPps, inBps, outBps; null when not computable. */
  rates: z.tuple([rate, rate, rate, rate, rate]).nullable(),
});
export type WireTotals = z.infer<typeof WireTotals>;

export const WireLayout = z
  .object({
    id: z.string().min(1).max(100),
    /** Service keys (core's serviceKey), unique. */
    svc: z.array(z.string().min(1).max(200)).max(MAX_SERIES_PER_TABLE),
    /** Real servers: s[i] indexes svc, k[i] is destKey; (s, k) unique. */
    dst: z.object({
      s: z.array(z.number().int().nonnegative()).max(MAX_SERIES_PER_TABLE),
      k: z.array(z.string().min(1).max(200)).max(MAX_SERIES_PER_TABLE),
    }),
  })
  .superRefine((l, ctx) => {
    if (l.dst.s.length !== l.dst.k.length) {
      ctx.addIssue({ code: "custom", path: ["dst", "s"], message: `expected one service index per real server (${l.dst.k.length}), got ${l.dst.s.length}` });
      return;
    }
    const seen = new Set<string>();
    for (let i = 0; i < l.svc.length; i++) {
      if (seen.has(l.svc[i]!)) {
        ctx.addIssue({ code: "custom", path: ["svc", i], message: `duplicate service key ${JSON.stringify(l.svc[i])}` });
        return;
      }
      seen.add(l.svc[i]!);
    }
    const seenDst = new Set<string>();
    for (let i = 0; i < l.dst.s.length; i++) {
      const s = l.dst.s[i]!;
      if (s >= l.svc.length) {
        ctx.addIssue({ code: "custom", path: ["dst", "s", i], message: `service index ${s} out of range (${l.svc.length} services)` });
        return;
      }
      const id = `${s} ${l.dst.k[i]}`;
      if (seenDst.has(id)) {
        ctx.addIssue({ code: "custom", path: ["dst", "k", i], message: `duplicate real server ${JSON.stringify(l.dst.k[i])} in service ${JSON.stringify(l.svc[s])}` });
        return;
      }
      seenDst.add(id);
    }
  });
export type WireLayout = z.infer<typeof WireLayout>;

const b64 = z.string().max(Math.ceil((MAX_SERIES_PER_TABLE * METRIC_STRIDE * 4) / 3) * 4 + 4);

export const WireSample = z.object({
  /** Agent wall clock, unix milliseconds. */
  t: z.number().int().positive(),
  /** Layout id: which keys the matrix rows belong to. */
  l: z.string().min(1).max(100),
  totals: WireTotals.nullable(),
  /** base64 of Float32 little-endian, layout.svc.length x METRIC_STRIDE. */
  svc: b64,
  /** base64 of Float32 little-endian, layout.dst.k.length x METRIC_STRIDE. */
  dst: b64,
});
export type WireSample = z.infer<typeof WireSample>;

export const HealthState = z.enum(["up", "down", "unknown", "disabled"]);
export type HealthState = z.infer<typeof HealthState>;

/** A real server's health check verdict changing, as the agent's checker saw it. */
export const HealthEvent = z.object({
  t: z.number().int().positive(),
  service: z.string().min(1).max(200),
  dest: z.string().min(1).max(200),
  state: HealthState,
  detail: z.string().max(500).optional(),
});
export type HealthEvent = z.infer<typeof HealthEvent>;

export const SampleBatch = z.object({
  v: z.literal(WIRE_VERSION),
  /** Monotonic per agent process; lets the console spot lost or replayed batches. */
  seq: z.number().int().nonnegative(),
  layouts: z.array(WireLayout).max(16).default([]),
  samples: z.array(WireSample).max(MAX_SAMPLES_PER_BATCH),
  health: z.array(HealthEvent).max(10_000).default([]),
});
export type SampleBatch = z.infer<typeof SampleBatch>;
export type SampleBatchInput = z.input<typeof SampleBatch>;

export interface WireIssue {
  path: string;
  message: string;
}
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: WireIssue[] };

function issues(e: z.ZodError, prefix: (string | number)[] = []): WireIssue[] {
  return e.issues.slice(0, 20).map((i) => ({ path: [...prefix, ...i.path].map(String).join(".") || "(root)", message: i.message }));
}

/** Validates an already-JSON-parsed body; errors carry a dotted path for the 400 response. */
export function parseSampleBatch(body: unknown): Parsed<SampleBatch> {
  const r = SampleBatch.safeParse(body);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: issues(r.error) };
}

/**
 * A sample whose matrices are still bytes (Float32 little-endian), as the agent queues it and as
 * the binary frame (wire-frame.ts) carries it; the JSON transport base64-encodes them.
 */
export type RawSample = Omit<WireSample, "svc" | "dst"> & { svc: Uint8Array; dst: Uint8Array };
/** What the JSON transport's batch is, with the matrices still bytes. */
export type RawSampleBatch = Omit<SampleBatch, "samples"> & { samples: RawSample[] };
/** A batch as either transport delivers it: matrices as base64 text (JSON) or as bytes (frame). */
export type AnySampleBatch = Omit<SampleBatch, "samples"> & { samples: (WireSample | RawSample)[] };

/** One sample's matrices, decoded and checked against its layout. */
export interface DecodedSample {
  t: number;
  totals: WireTotals | null;
  svc: Float32Array;
  dst: Float32Array;
}

function matrixBytes(data: string | Uint8Array, want: number, rows: number, codec: Base64Codec, path: string): Uint8Array | WireIssue {
  if (typeof data !== "string") {
    return data.length === want ? data : { path, message: `expected ${rows} rows x ${METRIC_STRIDE} float32 (${want} bytes), got ${data.length} bytes` };
  }
  if (data.length !== Math.ceil(want / 3) * 4)
    return { path, message: `expected base64 of ${rows} rows x ${METRIC_STRIDE} float32 (${Math.ceil(want / 3) * 4} characters), got ${data.length} characters` };
  const bytes = codec.decode(data);
  return bytes && bytes.length === want ? bytes : { path, message: "not valid base64" };
}

function decodeMatrix(data: string | Uint8Array, rows: number, codec: Base64Codec, path: string): Float32Array | WireIssue {
  const want = rows * METRIC_STRIDE * 4;
  const bytes = matrixBytes(data, want, rows, codec, path);
  if (!(bytes instanceof Uint8Array)) return bytes;
  // Float32Array needs 4-byte alignment; Node's Buffer pool may hand out odd offsets.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const m = new Float32Array(aligned.buffer, aligned.byteOffset, rows * METRIC_STRIDE);
  // Row by row without a division per cell: this loop runs over 77,000 cells per director-second.
  for (let o = 0; o < m.length; o += METRIC_STRIDE) {
    for (let col = 0; col < METRIC_STRIDE; col++) {
      const v = m[o + col]!;
      if (v >= 0 && v !== Infinity) continue;
      if (v !== v && col >= GAUGE_COUNT) continue;
      return { path, message: `row ${o / METRIC_STRIDE} ${METRICS[col]}: expected a finite number >= 0${col >= GAUGE_COUNT ? " or NaN (no rate)" : ""}, got ${v}` };
    }
  }
  return m;
}

export function decodeSample(s: WireSample | RawSample, layout: WireLayout, codec: Base64Codec = pureBase64, path = ""): Parsed<DecodedSample> {
  const svc = decodeMatrix(s.svc, layout.svc.length, codec, `${path}svc`);
  if (!(svc instanceof Float32Array)) return { ok: false, errors: [svc] };
  const dst = decodeMatrix(s.dst, layout.dst.k.length, codec, `${path}dst`);
  if (!(dst instanceof Float32Array)) return { ok: false, errors: [dst] };
  return { ok: true, value: { t: s.t, totals: s.totals, svc, dst } };
}

function writeRow(m: Float32Array, row: number, active: number, inactive: number, s: SeriesRate): void {
  const o = row * METRIC_STRIDE;
  m[o] = active;
  m[o + 1] = inactive;
  const r: RateSet | null = s.rates;
  m[o + 2] = r ? r.cps : NaN;
  m[o + 3] = r ? r.inPps : NaN;
  m[o + 4] = r ? r.outPps : NaN;
  m[o + 5] = r ? r.inBps : NaN;
  m[o + 6] = r ? r.outBps : NaN;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The agent's side of layouts: hands out a new id whenever the set or order of keys changes.
 * `epoch` must differ between agent runs (e.g. the start time), so a restarted agent never reuses
 * an id the console associates with other keys.
 */
export class LayoutTracker {
  private current: WireLayout | null = null;
  private n = 0;
  private readonly epoch: string;

  constructor(epoch: string) {
    this.epoch = epoch;
  }

  layoutOf(s: RateSample): { layout: WireLayout; changed: boolean } {
    const svc = s.services.map((x) => x.key);
    const dst = { s: [] as number[], k: [] as string[] };
    s.services.forEach((x, i) => {
      for (const d of x.dests) {
        dst.s.push(i);
        dst.k.push(d.key);
      }
    });
    const c = this.current;
    if (c && sameKeys(c.svc, svc) && sameKeys(c.dst.k, dst.k) && c.dst.s.every((v, i) => v === dst.s[i])) return { layout: c, changed: false };
    this.current = { id: `${this.epoch}.${this.n++}`, svc, dst };
    return { layout: this.current, changed: true };
  }
}

/** One computed sample against its layout, matrices as bytes (what the agent queues). */
export function toRawSample(s: RateSample, layout: WireLayout): RawSample {
  const svc = new Float32Array(layout.svc.length * METRIC_STRIDE);
  const dst = new Float32Array(layout.dst.k.length * METRIC_STRIDE);
  let di = 0;
  s.services.forEach((sv, i) => {
    writeRow(svc, i, sv.activeConns, sv.inactiveConns, sv);
    for (const d of sv.dests) writeRow(dst, di++, d.activeConns, d.inactiveConns, d);
  });
  const tr = s.totals.rates;
  return {
    t: Math.round(s.wallMs),
    l: layout.id,
    totals: { ...countersToStrings(s.totals.counters), rates: tr ? [tr.cps, tr.inPps, tr.outPps, tr.inBps, tr.outBps] : null },
    svc: new Uint8Array(svc.buffer),
    dst: new Uint8Array(dst.buffer),
  };
}

/** A queued sample for the JSON transport: its matrices as base64. */
export function rawToWireSample(s: RawSample, codec: Base64Codec = pureBase64): WireSample {
  return { ...s, svc: codec.encode(s.svc), dst: codec.encode(s.dst) };
}

/** A queued batch for the JSON transport. */
export function rawBatchToWire(b: RawSampleBatch, codec: Base64Codec = pureBase64): SampleBatch {
  return { ...b, samples: b.samples.map((s) => rawToWireSample(s, codec)) };
}

/** Encodes one computed sample against its layout for the JSON transport. */
export function toWireSample(s: RateSample, layout: WireLayout, codec: Base64Codec = pureBase64): WireSample {
  return rawToWireSample(toRawSample(s, layout), codec);
}
