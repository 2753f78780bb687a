import { describe, expect, it } from "vitest";
import { computeSample, type RateSample, type StatsReading } from "@shoal/core/metrics/index";
import { CounterTable } from "../../src/metrics/counter-table.ts";
import { readingUpdate } from "../../src/metrics/sources.ts";
import { rateSampleOf } from "../../src/metrics/table-views.ts";

/** mulberry32: a seeded generator, so a failure names the seed that reproduces it. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface World {
  services: Map<string, { c: number[]; dests: Map<string, { c: number[]; a: number; i: number; w: number }> }>;
}

/** One step of a director: traffic, services and real servers coming and going, resets. */
function step(w: World, r: () => number): void {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  if (r() < 0.3) w.services.set(`tcp 10.0.0.${Math.floor(r() * 8)}:80`, { c: [0, 0, 0, 0, 0], dests: new Map() });
  if (r() < 0.15 && w.services.size) w.services.delete(pick([...w.services.keys()]));
  for (const s of w.services.values()) {
    if (r() < 0.3) s.dests.set(`10.0.1.${Math.floor(r() * 5)}:80`, { c: [0, 0, 0, 0, 0], a: 0, i: 0, w: 1 });
    if (r() < 0.1 && s.dests.size) s.dests.delete(pick([...s.dests.keys()]));
    if (r() < 0.05) {
      // module reload or delete + re-add: the service's and its real servers' counters restart
      s.c = [0, 0, 0, 0, 0];
      for (const d of s.dests.values()) d.c = [0, 0, 0, 0, 0];
    }
    for (const d of s.dests.values()) {
      if (r() < 0.5) continue;
      const n = Math.floor(r() * 50);
      const add = [n, n * 10, n * 9, n * 1000, n * 40000];
      add.forEach((v, f) => {
        d.c[f]! += v;
        s.c[f]! += v;
      });
      d.a = Math.floor(r() * 20);
      d.i = Math.floor(r() * 20);
      d.w = Math.floor(r() * 3);
    }
  }
}

function reading(w: World): StatsReading {
  const c = (x: number[]) => ({ conns: x[0]!, inPkts: x[1]!, outPkts: x[2]!, inBytes: x[3]!, outBytes: x[4]! });
  return {
    services: [...w.services].map(([key, s]) => ({
      key,
      counters: c(s.c),
      dests: [...s.dests].map(([k, d]) => ({ key: k, activeConns: d.a, inactiveConns: d.i, weight: d.w, counters: c(d.c) })),
    })),
  };
}

/** What a sample says, order-free and comparable. */
function summary(s: RateSample) {
  const rates = (x: { rates: unknown; flag: unknown }) => ({ rates: x.rates, flag: x.flag });
  const out: Record<string, unknown> = { totals: { ...rates(s.totals), counters: s.totals.counters }, interval: s.intervalSeconds };
  for (const sv of s.services) {
    out[sv.key] = { ...rates(sv), counters: sv.counters, a: sv.activeConns, i: sv.inactiveConns };
    for (const d of sv.dests) out[`${sv.key} -> ${d.key}`] = { ...rates(d), counters: d.counters, a: d.activeConns, i: d.inactiveConns, w: d.weight };
  }
  out.vanished = [...s.vanishedServices].sort();
  out.vanishedDests = s.vanishedDests.map((v) => `${v.service} -> ${v.dest}`).sort();
  return out;
}

describe("CounterTable", () => {
  it("gives core's computeSample figures on random directors (appear, vanish, resets, odd clocks)", () => {
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed);
      const w: World = { services: new Map() };
      const table = new CounterTable();
      let prev: RateSample | null = null;
      let mono = 0;
      for (let k = 0; k < 40; k++) {
        step(w, r);
        // mostly 1 s, sometimes 2-3 s late, a repeated or backwards clock, a stall past 60 s
        const x = r();
        mono += x < 0.7 ? 1000 : x < 0.85 ? 2000 + r() * 1000 : x < 0.9 ? 0 : x < 0.95 ? -500 : 70_000;
        const rd = reading(w);
        prev = computeSample(prev, { wallMs: 1_700_000_000_000 + k, monoMs: mono, reading: rd });
        table.begin(1_700_000_000_000 + k, mono);
        readingUpdate(rd)(table);
        table.end();
        expect(summary(rateSampleOf(table)), `seed ${seed} sample ${k}`).toEqual(summary(prev));
      }
    }
  });

  it("keeps a real server's slot while it stays and bumps membership only when the set changes", () => {
    const t = new CounterTable();
    const rd = (dests: string[]): StatsReading => ({
      services: [
        {
          key: "tcp 10.0.0.1:80",
          counters: { conns: 1, inPkts: 1, outPkts: 1, inBytes: 1, outBytes: 1 },
          dests: dests.map((key) => ({ key, activeConns: 0, inactiveConns: 0, counters: { conns: 0, inPkts: 0, outPkts: 0, inBytes: 0, outBytes: 0 } })),
        },
      ],
    });
    const sample = (r: StatsReading, mono: number) => {
      t.begin(mono, mono);
      readingUpdate(r)(t);
      t.end();
    };
    sample(rd(["10.0.1.1:80", "10.0.1.2:80"]), 0);
    const m = t.membership;
    const slots = [...t.destOrder()];
    sample(rd(["10.0.1.1:80", "10.0.1.2:80"]), 1000);
    expect(t.membership).toBe(m);
    expect([...t.destOrder()]).toEqual(slots);
    sample(rd(["10.0.1.2:80"]), 2000);
    expect(t.membership).not.toBe(m);
    expect(t.vanishedDests).toEqual([{ service: "tcp 10.0.0.1:80", dest: "10.0.1.1:80" }]);
    expect([...t.destOrder()]).toEqual([slots[1]]);
  });
});
