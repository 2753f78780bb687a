import { z } from "zod";
import { countersToStrings } from "./counters.ts";
import type { RateSample, RateSet, SeriesRate } from "./rates.ts";

/**
 * The agent -> console sample batch (POST /api/agent/v1/samples). Columnar and flat because at
 * 1,000 services x 10 real servers a director sends 11,000 series every second: one string array
 * of keys plus one flat number array per table parses several times faster than an object per row.
 *
 * Each row of `m` is METRIC_STRIDE numbers in METRICS order. Gauges are always numbers; the five
 * rates are null when the agent could not compute them (new series, counter reset, clock trouble),
 * and charts draw a gap there rather than a fake zero.
 */
export const METRICS = ["active", "inactive", "cps", "inPps", "outPps", "inBps", "outBps"] as const;
export type Metric = (typeof METRICS)[number];
export const METRIC_STRIDE = METRICS.length;
export const GAUGE_COUNT = 2;

export const WIRE_VERSION = 1;
/** A batch carries at most this many samples: a minute of 1 Hz backlog after a console outage. */
export const MAX_SAMPLES_PER_BATCH = 120;
export const MAX_SERIES_PER_TABLE = 1_000_000;

const u64 = z.union([
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  z.string().regex(/^\d{1,20}$/, "u64 as decimal digits"),
]);

const rateTuple = z.tuple([
  z.number().nonnegative(),
  z.number().nonnegative(),
  z.number().nonnegative(),
  z.number().nonnegative(),
  z.number().nonnegative(),
]);

export const WireTotals = z.object({
  conns: u64,
  inPkts: u64,
  outPkts: u64,
  inBytes: u64,
  outBytes: u64,
  /** cps, inPps, outPps, inBps, outBps; null when not computable. */
  rates: rateTuple.nullable(),
});
export type WireTotals = z.infer<typeof WireTotals>;

/**
 * Checking 77,000 numbers per sample through a per-element schema costs more than the rest of
 * ingestion together, so the flat matrices are checked by one loop that reports the first bad cell.
 */
function checkMatrix(m: unknown[], rows: number, ctx: z.RefinementCtx, path: (string | number)[]): void {
  if (m.length !== rows * METRIC_STRIDE) {
    ctx.addIssue({ code: "custom", path, message: `expected ${rows} rows x ${METRIC_STRIDE} metrics = ${rows * METRIC_STRIDE} numbers, got ${m.length}` });
    return;
  }
  for (let i = 0; i < m.length; i++) {
    const v = m[i];
    const col = i % METRIC_STRIDE;
    if (v === null && col >= GAUGE_COUNT) continue;
    if (typeof v !== "number" || !(v >= 0) || v === Infinity) {
      ctx.addIssue({
        code: "custom",
        path: [...path, i],
        message: `row ${Math.floor(i / METRIC_STRIDE)} ${METRICS[col]}: expected a finite number >= 0${col >= GAUGE_COUNT ? " or null" : ""}, got ${JSON.stringify(v)}`,
      });
      return;
    }
  }
}

const keys = z.array(z.string().min(1).max(200)).max(MAX_SERIES_PER_TABLE);
const matrix = z.array(z.unknown());

export const WireSample = z
  .object({
    /** Agent wall clock, unix milliseconds. */
    t: z.number().int().positive(),
    totals: WireTotals.nullable(),
    svc: z.object({ k: keys, m: matrix }),
    /** s[i] is the index into svc.k of the service real server i belongs to. */
    dst: z.object({ s: z.array(z.number().int().nonnegative()), k: keys, m: matrix }),
  })
  .superRefine((s, ctx) => {
    checkMatrix(s.svc.m, s.svc.k.length, ctx, ["svc", "m"]);
    checkMatrix(s.dst.m, s.dst.k.length, ctx, ["dst", "m"]);
    if (s.dst.s.length !== s.dst.k.length) {
      ctx.addIssue({ code: "custom", path: ["dst", "s"], message: `expected one service index per real server (${s.dst.k.length}), got ${s.dst.s.length}` });
    }
    const n = s.svc.k.length;
    for (let i = 0; i < s.dst.s.length; i++) {
      if (s.dst.s[i]! >= n) {
        ctx.addIssue({ code: "custom", path: ["dst", "s", i], message: `service index ${s.dst.s[i]} out of range (${n} services)` });
        break;
      }
    }
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const k = s.svc.k[i]!;
      if (seen.has(k)) {
        ctx.addIssue({ code: "custom", path: ["svc", "k", i], message: `duplicate service key ${JSON.stringify(k)}` });
        break;
      }
      seen.add(k);
    }
  });
export type WireSample = {
  t: number;
  totals: WireTotals | null;
  svc: { k: string[]; m: (number | null)[] };
  dst: { s: number[]; k: string[]; m: (number | null)[] };
};

export const SampleBatch = z.object({
  v: z.literal(WIRE_VERSION),
  /** Monotonic per agent process; lets the console spot lost or replayed batches. */
  seq: z.number().int().nonnegative(),
  samples: z.array(WireSample).min(1).max(MAX_SAMPLES_PER_BATCH),
});
export type SampleBatch = { v: typeof WIRE_VERSION; seq: number; samples: WireSample[] };

export type ParsedBatch = { ok: true; batch: SampleBatch } | { ok: false; errors: { path: string; message: string }[] };

/** Validates an already-JSON-parsed body; errors carry a dotted path for the 400 response. */
export function parseSampleBatch(body: unknown): ParsedBatch {
  const r = SampleBatch.safeParse(body);
  if (r.success) return { ok: true, batch: r.data as SampleBatch };
  return {
    ok: false,
    errors: r.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message })),
  };
}

function round(v: number): number {
  // Two decimals is below any chart's resolution and keeps the JSON short.
  return Math.round(v * 100) / 100;
}

function pushRow(m: (number | null)[], active: number, inactive: number, s: SeriesRate): void {
  m.push(active, inactive);
  const r: RateSet | null = s.rates;
  if (r) m.push(round(r.cps), round(r.inPps), round(r.outPps), round(r.inBps), round(r.outBps));
  else m.push(null, null, null, null, null);
}

/** Encodes one computed sample for the wire. */
export function toWireSample(s: RateSample): WireSample {
  const svc = { k: [] as string[], m: [] as (number | null)[] };
  const dst = { s: [] as number[], k: [] as string[], m: [] as (number | null)[] };
  s.services.forEach((sv, i) => {
    svc.k.push(sv.key);
    pushRow(svc.m, sv.activeConns, sv.inactiveConns, sv);
    for (const d of sv.dests) {
      dst.s.push(i);
      dst.k.push(d.key);
      pushRow(dst.m, d.activeConns, d.inactiveConns, d);
    }
  });
  const tr = s.totals.rates;
  return {
    t: Math.round(s.wallMs),
    totals: {
      ...countersToStrings(s.totals.counters),
      rates: tr ? [round(tr.cps), round(tr.inPps), round(tr.outPps), round(tr.inBps), round(tr.outBps)] : null,
    },
    svc,
    dst,
  };
}
