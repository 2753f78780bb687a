import { METRIC_STRIDE } from "@shoal/core/metrics/index";
import type { Frame } from "./frame.ts";
import type { Layout } from "./layout.ts";

/**
 * Running 1 min buckets for every series of one director, columnar (one typed array per
 * statistic) so adding a sample of 11,000 series is one tight loop. Same semantics as core's
 * downsample(): per metric the sum and count of non-missing values, and the max.
 */
export class MinuteBuckets {
  readonly minute: number;
  readonly layout: Layout;
  readonly svc: Stats;
  readonly dst: Stats;
  /** Director totals: active/inactive summed over services, rates from /proc/net/ip_vs_stats. */
  readonly totals: Stats;
  samples = 0;
  lastAdded = 0;

  constructor(minute: number, layout: Layout) {
    this.minute = minute;
    this.layout = layout;
    this.svc = new Stats(layout.svc.length);
    this.dst = new Stats(layout.dstKey.length);
    this.totals = new Stats(1);
  }

  add(f: Frame, now: number): void {
    this.svc.add(f.svc);
    this.dst.add(f.dst);
    this.totals.add(totalsRow(f));
    this.samples++;
    this.lastAdded = now;
  }
}

const scratch = new Float32Array(METRIC_STRIDE);

export function totalsRow(f: Frame): Float32Array {
  let active = 0;
  let inactive = 0;
  for (let i = 0; i < f.svc.length; i += METRIC_STRIDE) {
    active += f.svc[i]!;
    inactive += f.svc[i + 1]!;
  }
  scratch[0] = active;
  scratch[1] = inactive;
  const r = f.totals?.rates;
  for (let k = 0; k < 5; k++) scratch[2 + k] = r ? r[k]! : NaN;
  return scratch;
}

export class Stats {
  readonly rows: number;
  readonly sum: Float64Array;
  readonly n: Uint32Array;
  readonly max: Float32Array;

  constructor(rows: number) {
    this.rows = rows;
    this.sum = new Float64Array(rows * METRIC_STRIDE);
    this.n = new Uint32Array(rows * METRIC_STRIDE);
    this.max = new Float32Array(rows * METRIC_STRIDE).fill(Number.NEGATIVE_INFINITY);
  }

  add(m: Float32Array): void {
    const { sum, n, max } = this;
    for (let i = 0; i < m.length; i++) {
      const v = m[i]!;
      if (v !== v) continue;
      sum[i]! += v;
      n[i]!++;
      if (v > max[i]!) max[i] = v;
    }
  }

  /** Row r as [sum x7, n x7, max x7]: the rollup blob layout. */
  writeRow(r: number, out: Float64Array, offset: number): void {
    const o = r * METRIC_STRIDE;
    for (let k = 0; k < METRIC_STRIDE; k++) {
      out[offset + k] = this.sum[o + k]!;
      out[offset + METRIC_STRIDE + k] = this.n[o + k]!;
      const c = this.max[o + k]!;
      out[offset + 2 * METRIC_STRIDE + k] = c === Number.NEGATIVE_INFINITY ? 0 : c;
    }
  }
}
