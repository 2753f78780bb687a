import { describe, expect, it } from "vitest";
import { Backoff, backoffDelay } from "../src/util/backoff.ts";

describe("backoff", () => {
  const opts = { baseMs: 100, maxMs: 1_000, jitter: 1 };
  it("doubles the ceiling per attempt up to the maximum", () => {
    const top = () => 1; // the random draw at its top shows the ceiling
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, opts, top))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  it("full jitter spreads the delay over [0, ceiling]", () => {
    expect(backoffDelay(3, opts, () => 0)).toBe(0);
    expect(backoffDelay(3, opts, () => 0.5)).toBe(400);
  });
  it("partial jitter keeps a fixed floor", () => {
    expect(backoffDelay(2, { ...opts, jitter: 0.25 }, () => 0)).toBe(300);
    expect(backoffDelay(2, { ...opts, jitter: 0 }, () => 0.9)).toBe(400);
  });
  it("a success resets the count", () => {
    const b = new Backoff(opts, () => 1);
    expect([b.fail(), b.fail(), b.fail()]).toEqual([100, 200, 400]);
    b.succeed();
    expect(b.fail()).toBe(100);
  });
  it("does not overflow on very long outages", () => {
    expect(backoffDelay(10_000, opts, () => 1)).toBe(1000);
  });
});
