/**
 * Rolling 1 s points up into coarser buckets (1 min, 1 h). A bucket keeps, per metric, the sum,
 * the number of points that had a value and the max, so buckets merge exactly (a 1 h bucket from
 * sixty 1 min buckets equals one built from the 3,600 raw points) and both the mean (gauges:
 * average connections; rates: average CPS/PPS/BPS over the bucket) and the peak can be drawn.
 * Missing values (null rates) count in neither sum nor n: a gap does not pull the mean to zero.
 */
export interface Point {
  t: number;
  values: readonly (number | null)[];
}

export interface Bucket {
  /** Start of the bucket, ms, a multiple of the bucket width. */
  t: number;
  sum: number[];
  n: number[];
  max: number[];
}

export function bucketStart(t: number, widthMs: number): number {
  return Math.floor(t / widthMs) * widthMs;
}

export function emptyBucket(t: number, width: number): Bucket {
  return { t, sum: new Array(width).fill(0), n: new Array(width).fill(0), max: new Array(width).fill(Number.NEGATIVE_INFINITY) };
}

export function addPoint(b: Bucket, values: readonly (number | null)[]): void {
  for (let i = 0; i < b.sum.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    b.sum[i]! += v;
    b.n[i]! += 1;
    if (v > b.max[i]!) b.max[i] = v;
  }
}

/** Points in any order -> buckets sorted by time. */
export function downsample(points: readonly Point[], widthMs: number, metrics: number): Bucket[] {
  const byStart = new Map<number, Bucket>();
  for (const p of points) {
    const t = bucketStart(p.t, widthMs);
    let b = byStart.get(t);
    if (!b) byStart.set(t, (b = emptyBucket(t, metrics)));
    addPoint(b, p.values);
  }
  return [...byStart.values()].sort((a, b) => a.t - b.t);
}

/** Coarser buckets from finer ones (1 min -> 1 h): exact, because sums and counts add. */
export function mergeBuckets(buckets: readonly Bucket[], widthMs: number): Bucket[] {
  const byStart = new Map<number, Bucket>();
  for (const src of buckets) {
    const t = bucketStart(src.t, widthMs);
    let b = byStart.get(t);
    if (!b) byStart.set(t, (b = emptyBucket(t, src.sum.length)));
    for (let i = 0; i < b.sum.length; i++) {
      b.sum[i]! += src.sum[i]!;
      b.n[i]! += src.n[i]!;
      if (src.max[i]! > b.max[i]!) b.max[i] = src.max[i]!;
    }
  }
  return [...byStart.values()].sort((a, b) => a.t - b.t);
}

/** Mean per metric; null where the bucket saw no value. */
export function bucketMean(b: Bucket): (number | null)[] {
  return b.sum.map((s, i) => (b.n[i]! > 0 ? s / b.n[i]! : null));
}

export function bucketMax(b: Bucket): (number | null)[] {
  return b.max.map((m, i) => (b.n[i]! > 0 ? m : null));
}
