import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeSample, type RateSample, type TimedReading } from "../../src/metrics/rates.ts";
import type { CounterSetLike, StatsReading } from "../../src/metrics/counters.ts";

const c = (conns: bigint | number, pk = 0n, by = 0n): CounterSetLike => ({ conns, inPkts: pk, outPkts: pk, inBytes: by, outBytes: by });

function reading(services: Record<string, { c: CounterSetLike; dests?: Record<string, CounterSetLike> }>, totals?: CounterSetLike): StatsReading {
  return {
    services: Object.entries(services).map(([key, s]) => ({
      key,
      counters: s.c,
      dests: Object.entries(s.dests ?? {}).map(([dk, dc]) => ({ key: dk, activeConns: 2, inactiveConns: 1, counters: dc })),
    })),
    totals,
  };
}
const at = (monoMs: number, r: StatsReading, wallMs = 1_700_000_000_000 + monoMs): TimedReading => ({ wallMs, monoMs, reading: r });

describe("computeSample", () => {
  it("first reading has no rates, flagged new", () => {
    const s = computeSample(null, at(0, reading({ "tcp 10.0.0.1:80": { c: c(10), dests: { "10.0.1.1:80": c(10) } } })));
    expect(s.services[0]!.rates).toBeNull();
    expect(s.services[0]!.flag).toBe("new");
    expect(s.services[0]!.dests[0]!.flag).toBe("new");
    expect(s.intervalSeconds).toBeNull();
  });

  it("rates are counter deltas over the monotonic interval", () => {
    const a = computeSample(null, at(0, reading({ v: { c: c(100, 1000n, 64000n), dests: { d: c(100, 1000n, 64000n) } } })));
    const b = computeSample(a, at(2000, reading({ v: { c: c(300, 1500n, 96000n), dests: { d: c(300, 1500n, 96000n) } } })));
    expect(b.services[0]!.rates).toEqual({ cps: 100, inPps: 250, outPps: 250, inBps: 16000, outBps: 16000 });
    expect(b.services[0]!.dests[0]!.rates!.cps).toBe(100);
    expect(b.services[0]!.activeConns).toBe(2);
    expect(b.totals.rates!.cps).toBe(100);
  });

  it("sampled at 1 s, counters the kernel refreshes every 2 s give a steady rate, not 0 / 2x", () => {
    // 20 new connections per second; IPVS exports the count only at each even second
    let prev: RateSample | null = null;
    const cps: (number | null)[] = [];
    for (let t = 0; t <= 10; t++) {
      const exported = 20 * (t - (t % 2));
      prev = computeSample(prev, at(t * 1000 + 300, reading({ v: { c: c(exported), dests: { d: c(exported) } } })));
      cps.push(prev.services[0]!.rates?.cps ?? null);
    }
    expect(cps.slice(2)).toEqual(Array(9).fill(20));
    expect(prev!.services[0]!.dests[0]!.rates!.cps).toBe(20);
  });

  it("falls back to the last interval when the older reading cannot serve (reset since, or too old)", () => {
    const a = computeSample(null, at(0, reading({ v: { c: c(1000) } })));
    const b = computeSample(a, at(1000, reading({ v: { c: c(5) } }))); // re-created: reset
    expect(b.services[0]!.flag).toBe("reset");
    const d = computeSample(b, at(2000, reading({ v: { c: c(25) } })));
    expect(d.services[0]!.rates!.cps).toBe(20); // not (25 - 1000) / 2
    const late = computeSample(d, at(6000, reading({ v: { c: c(65) } })));
    expect(late.services[0]!.rates!.cps).toBe(10); // over the 4 s since d; b is too old to use
    expect(late.previous?.previous).toBeUndefined(); // the chain stays two long
  });

  it("ignores wall clock jumps: only the monotonic clock makes intervals", () => {
    const a = computeSample(null, at(0, reading({ v: { c: c(0) } }), 1_700_000_000_000));
    const b = computeSample(a, at(1000, reading({ v: { c: c(50) } }), 1_600_000_000_000));
    expect(b.services[0]!.rates!.cps).toBe(50);
  });

  it("a counter going backwards is a reset: no rate this interval, normal rate the next", () => {
    const a = computeSample(null, at(0, reading({ v: { c: c(1000) } })));
    const b = computeSample(a, at(1000, reading({ v: { c: c(5) } })));
    expect(b.services[0]!.rates).toBeNull();
    expect(b.services[0]!.flag).toBe("reset");
    const d = computeSample(b, at(2000, reading({ v: { c: c(25) } })));
    expect(d.services[0]!.rates!.cps).toBe(20);
    expect(d.services[0]!.flag).toBeNull();
  });

  it("non-positive and huge intervals give no rate, flagged", () => {
    const a = computeSample(null, at(5000, reading({ v: { c: c(0) } })));
    expect(computeSample(a, at(5000, reading({ v: { c: c(9) } }))).services[0]!.flag).toBe("clock");
    expect(computeSample(a, at(4000, reading({ v: { c: c(9) } }))).services[0]!.flag).toBe("clock");
    const gap = computeSample(a, at(5000 + 61_000, reading({ v: { c: c(9) } })));
    expect(gap.services[0]!.flag).toBe("gap");
    expect(gap.totals.flag).toBe("gap");
    expect(computeSample(a, at(5000 + 61_000, reading({ v: { c: c(9) } })), { maxIntervalSeconds: 120 }).services[0]!.rates!.cps).toBeCloseTo(9 / 61);
  });

  it("reports vanished services and real servers; appearing ones are new", () => {
    const a = computeSample(null, at(0, reading({ gone: { c: c(1) }, stay: { c: c(1), dests: { d1: c(1), d2: c(1) } } })));
    const b = computeSample(a, at(1000, reading({ stay: { c: c(2), dests: { d1: c(2), d3: c(0) } }, fresh: { c: c(7) } })));
    expect(b.vanishedServices).toEqual(["gone"]);
    expect(b.vanishedDests).toEqual([{ service: "stay", dest: "d2" }]);
    const byKey = new Map(b.services.map((s) => [s.key, s]));
    expect(byKey.get("fresh")!.flag).toBe("new");
    expect(byKey.get("stay")!.dests.find((d) => d.key === "d3")!.flag).toBe("new");
    expect(byKey.get("stay")!.dests.find((d) => d.key === "d1")!.rates!.cps).toBe(1);
  });

  it("stays exact beyond 2^53", () => {
    const big = 2n ** 60n;
    const a = computeSample(null, at(0, reading({ v: { c: c(0, big, big) } }, c(0, big, big))));
    const b = computeSample(a, at(1000, reading({ v: { c: c(0, big + 3n, big + 1234567n) } }, c(0, big + 3n, big + 1234567n))));
    expect(b.services[0]!.rates!.inPps).toBe(3);
    expect(b.services[0]!.rates!.inBps).toBe(1234567);
    expect(b.totals.rates!.inBps).toBe(1234567);
    expect(b.totals.counters.inBytes).toBe(big + 1234567n);
  });

  it("accepts counters as decimal strings and rejects garbage", () => {
    const a = computeSample(null, at(0, reading({ v: { c: c("18446744073709551610" as never) } })));
    expect(a.services[0]!.counters.conns).toBe(18446744073709551610n);
    expect(() => computeSample(null, at(0, reading({ v: { c: c(-1) } })))).toThrow(/non-negative/);
    expect(() => computeSample(null, at(0, reading({ v: { c: c("1e5" as never) } })))).toThrow(/decimal digits/);
  });

  it("director totals come from /proc/net/ip_vs_stats when given, else the sum over services", () => {
    const r = reading({ a: { c: c(3) }, b: { c: c(4) } });
    expect(computeSample(null, at(0, r)).totals.counters.conns).toBe(7n);
    expect(computeSample(null, at(0, { ...r, totals: c(100) })).totals.counters.conns).toBe(100n);
  });

  it("property: rates are never negative or non-finite, whatever the counters and clocks do", () => {
    const counters = fc.record({
      conns: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      inPkts: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      outPkts: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      inBytes: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      outBytes: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    });
    const step = fc.record({
      mono: fc.integer({ min: -5000, max: 100_000 }),
      svcs: fc.dictionary(fc.constantFrom("s1", "s2", "s3"), counters, { maxKeys: 3 }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => {
        let prev: RateSample | null = null;
        let mono = 0;
        for (const st of steps) {
          mono += st.mono;
          const r: StatsReading = { services: Object.entries(st.svcs).map(([key, cs]) => ({ key, counters: cs, dests: [] })) };
          const s: RateSample = computeSample(prev, at(mono, r));
          for (const sv of [...s.services, s.totals]) {
            if (sv.rates === null) expect(sv.flag).not.toBeNull();
            else {
              expect(sv.flag).toBeNull();
              for (const v of Object.values(sv.rates)) expect(Number.isFinite(v) && v >= 0).toBe(true);
            }
          }
          prev = s;
        }
      }),
    );
  });

  it("property: a series rated over a valid interval equals delta / dt", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 63n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 1, max: 60_000 }), (base, delta, dtMs) => {
        const a = computeSample(null, at(0, reading({ v: { c: c(base) } })));
        const b = computeSample(a, at(dtMs, reading({ v: { c: c(base + delta) } })));
        expect(b.services[0]!.rates!.cps).toBeCloseTo(Number(delta) / (dtMs / 1000), 6);
      }),
    );
  });
});
