import { describe, expect, it } from "vitest";
import { MetricsSampler } from "../../src/metrics/sampler.ts";
import { wholeReadings } from "../../src/metrics/sources.ts";
import { steadyReading } from "./fixtures.ts";

describe("MetricsSampler", () => {
  it("rates successive readings over the monotonic clock and keeps no history of samples", async () => {
    let tick = 0;
    let mono = 0;
    const seen: number[] = [];
    const s = new MetricsSampler({
      source: wholeReadings(async () => steadyReading(tick)),
      wallNow: () => 1_700_000_000_000 + mono,
      monoNow: () => mono,
      onSample: (x) => seen.push(x.wallMs),
    });
    for (let i = 0; i < 5; i++) {
      await s.sampleOnce();
      tick += 2;
      mono += 2000;
    }
    const last = s.latest()!;
    expect(last.services[0]!.rates).toEqual({ cps: 20, inPps: 200, outPps: 180, inBps: 20000, outBps: 900000 });
    expect(last.services[0]!.dests[1]!.rates!.cps).toBe(10);
    expect(last.totals.rates!.cps).toBe(40);
    expect(s.latest()).not.toBe(last);
    expect(Object.keys(s)).not.toContain("history");
    expect(seen).toHaveLength(5);
  });

  it("start() samples on its own until stop(), without overlapping reads", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let reads = 0;
    const s = new MetricsSampler({
      intervalMs: 5,
      source: wholeReadings(async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 12));
        inFlight--;
        reads++;
        return steadyReading(reads);
      }),
    });
    s.start();
    await new Promise((r) => setTimeout(r, 100));
    s.stop();
    const after = reads;
    await new Promise((r) => setTimeout(r, 40));
    expect(after).toBeGreaterThanOrEqual(2);
    expect(maxInFlight).toBe(1);
    expect(reads - after).toBeLessThanOrEqual(1);
  });

  it("reports read errors and keeps going", async () => {
    let n = 0;
    const errors: unknown[] = [];
    const s = new MetricsSampler({
      intervalMs: 1,
      source: wholeReadings(async () => {
        n++;
        if (n === 1) throw new Error("netlink EBUSY");
        return steadyReading(n);
      }),
      onError: (e) => errors.push(e),
    });
    s.start();
    while (n < 3) await new Promise((r) => setTimeout(r, 5));
    s.stop();
    expect(String(errors[0])).toMatch(/EBUSY/);
    expect(s.latest()).not.toBeNull();
  });

  it("takes no sample while the agent writes the kernel table, and samples again after", async () => {
    let writing = true;
    let reads = 0;
    const s = new MetricsSampler({
      intervalMs: 2,
      holdWhile: () => writing,
      source: wholeReadings(async () => steadyReading(++reads)),
    });
    s.start();
    await new Promise((r) => setTimeout(r, 40));
    expect(reads).toBe(0);
    expect(s.latest()).toBeNull();
    writing = false;
    while (reads < 2) await new Promise((r) => setTimeout(r, 2));
    s.stop();
    expect(s.latest()).not.toBeNull();
  });
});
