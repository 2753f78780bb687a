import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bucketMax, bucketMean, downsample, mergeBuckets, type Point } from "../../src/metrics/downsample.ts";

describe("downsample", () => {
  it("averages and peaks per metric, skipping nulls", () => {
    const pts: Point[] = [
      { t: 60_000, values: [10, null] },
      { t: 61_000, values: [20, 4] },
      { t: 119_999, values: [30, 8] },
      { t: 120_000, values: [1, null] },
    ];
    const b = downsample(pts, 60_000, 2);
    expect(b.map((x) => x.t)).toEqual([60_000, 120_000]);
    expect(bucketMean(b[0]!)).toEqual([20, 6]);
    expect(bucketMax(b[0]!)).toEqual([30, 8]);
    expect(bucketMean(b[1]!)).toEqual([1, null]);
    expect(bucketMax(b[1]!)).toEqual([1, null]);
  });

  const points = fc.array(
    fc.record({ t: fc.integer({ min: 0, max: 3 * 3_600_000 }), values: fc.array(fc.option(fc.integer({ min: 0, max: 1e6 }), { nil: null }), { minLength: 3, maxLength: 3 }) }),
    { maxLength: 300 },
  );

  it("property: 1 s -> 1 min -> 1 h equals 1 s -> 1 h (sums, counts and maxima merge exactly)", () => {
    fc.assert(
      fc.property(points, (pts) => {
        const direct = downsample(pts, 3_600_000, 3);
        const viaMinutes = mergeBuckets(downsample(pts, 60_000, 3), 3_600_000);
        expect(viaMinutes).toEqual(direct);
      }),
    );
  });

  it("property: every bucket's mean lies between the min and max of its points", () => {
    fc.assert(
      fc.property(points, (pts) => {
        for (const b of downsample(pts, 60_000, 3)) {
          const inside = pts.filter((p) => Math.floor(p.t / 60_000) * 60_000 === b.t);
          bucketMean(b).forEach((m, i) => {
            const vs = inside.map((p) => p.values[i]).filter((v): v is number => v !== null && v !== undefined);
            if (vs.length === 0) expect(m).toBeNull();
            else {
              expect(m!).toBeGreaterThanOrEqual(Math.min(...vs) - 1e-9);
              expect(m!).toBeLessThanOrEqual(Math.max(...vs) + 1e-9);
              expect(bucketMax(b)[i]).toBe(Math.max(...vs));
            }
          });
        }
      }),
    );
  });
});
