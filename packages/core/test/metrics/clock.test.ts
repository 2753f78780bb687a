import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { alignBatchTimes, alignSampleTime, DEFAULT_CLOCK_POLICY } from "../../src/metrics/clock.ts";

const now = 1_700_000_000_000;

describe("clock skew", () => {
  it("keeps timestamps within the window", () => {
    expect(alignSampleTime(now - 1500, now)).toEqual({ t: now - 1500, skewMs: null });
    expect(alignSampleTime(now + 1000, now)).toEqual({ t: now + 1000, skewMs: null });
  });

  it("re-stamps a director whose clock runs ahead or far behind, reporting the skew", () => {
    expect(alignSampleTime(now + 3_600_000, now)).toEqual({ t: now, skewMs: 3_600_000 });
    expect(alignSampleTime(now - 86_400_000, now)).toEqual({ t: now, skewMs: -86_400_000 });
  });

  it("shifts a skewed backlog as a whole, keeping the spacing between samples", () => {
    const r = alignBatchTimes([now + 600_000, now + 601_000, now + 602_000], now);
    expect(r.t).toEqual([now - 2000, now - 1000, now]);
    expect(r.skewMs).toBe(602_000);
  });

  it("property: aligned times never lie in the future beyond the policy nor before the window", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: now - 10 * 86_400_000, max: now + 10 * 86_400_000 }), { minLength: 1, maxLength: 20 }), (ts) => {
        const r = alignBatchTimes(ts, now);
        for (const t of r.t) {
          expect(t).toBeLessThanOrEqual(now + DEFAULT_CLOCK_POLICY.maxAheadMs);
        }
        expect(Math.max(...r.t)).toBeGreaterThanOrEqual(now - DEFAULT_CLOCK_POLICY.maxBehindMs);
      }),
    );
  });
});
