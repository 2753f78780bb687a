import { afterEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { bucketMax, bucketMean, downsample, METRIC_STRIDE } from "@shoal/core/metrics/index";
import { Telemetry } from "../src/telemetry.ts";
import { healthTimeline, querySeries } from "../src/query.ts";
import { MinuteBuckets } from "../src/accumulator.ts";
import { Layout } from "../src/layout.ts";
import type { Frame } from "../src/frame.ts";
import { FakeAgent, reading, svcs, T0, tempTelemetry, type Svc } from "./support.ts";

const who = { directorId: "d1", clusterId: "c1" };
let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

function setup(config = {}) {
  const t = tempTelemetry(config);
  cleanups.push(t.cleanup);
  return t;
}

/** Feeds one sample per second, each in its own batch, received when sampled. */
function feed(tel: Telemetry, agent: FakeAgent, from: number, seconds: number, shape: (i: number) => Svc[], director = who) {
  for (let i = 0; i < seconds; i++) {
    const t = from + i * 1000;
    const r = tel.ingest(director, agent.batch([agent.sample(t, reading(shape(i)))]), t);
    expect(r.ok).toBe(true);
  }
}

const ACTIVE = 0;
const INACTIVE = 1;
const CPS = 2;
const OUT_BPS = 6;

describe("raw tier (memory, 1 s)", () => {
  it("answers per service, per real server and director totals; the first second has no rate", () => {
    const { tel } = setup();
    feed(tel, new FakeAgent(), T0, 5, (i) => svcs(2, 3, i));
    const now = T0 + 5000;
    const s = querySeries(tel, { directorIds: ["d1"], kind: "service", service: "tcp 10.0.0.2:80", from: T0, to: now, now });
    expect(s.source).toBe("raw");
    expect(s.t).toEqual([0, 1, 2, 3, 4].map((i) => T0 + i * 1000));
    expect(s.mean[ACTIVE]).toEqual([6, 6, 6, 6, 6]); // real servers' active = 1 + 2 + 3
    expect(s.mean[INACTIVE]).toEqual([3, 3, 3, 3, 3]);
    expect(s.mean[CPS]).toEqual([null, 30, 30, 30, 30]);
    expect(s.mean[OUT_BPS]).toEqual([null, 150_000, 150_000, 150_000, 150_000]);
    const d = querySeries(tel, { directorIds: ["d1"], kind: "dest", service: "tcp 10.0.0.2:80", dest: "10.0.1.3:80", from: T0, to: now, now });
    expect(d.mean[ACTIVE]).toEqual([3, 3, 3, 3, 3]);
    expect(d.mean[CPS]).toEqual([null, 10, 10, 10, 10]);
    const tot = querySeries(tel, { directorIds: ["d1"], kind: "totals", from: T0, to: now, now });
    expect(tot.mean[ACTIVE]).toEqual([9, 9, 9, 9, 9]);
    expect(tot.mean[CPS]).toEqual([null, 60, 60, 60, 60]);
  });

  it("a counter reset shows as a one-second gap, then rates resume", () => {
    const { tel } = setup();
    // Service deleted and re-added between seconds 2 and 3: its counters restart from zero.
    feed(tel, new FakeAgent(), T0, 6, (i) => svcs(1, 1, i < 3 ? i + 100 : i - 3));
    const s = querySeries(tel, { directorIds: ["d1"], kind: "service", service: "tcp 10.0.0.1:80", from: T0, to: T0 + 6000, now: T0 + 6000 });
    expect(s.mean[CPS]).toEqual([null, 10, 10, null, 10, 10]);
  });

  it("a vanished service stops having points; one that appears starts with a gap", () => {
    const { tel } = setup();
    feed(tel, new FakeAgent(), T0, 6, (i) => (i < 3 ? svcs(2, 1, i) : svcs(3, 1, i).slice(1)));
    const now = T0 + 6000;
    const gone = querySeries(tel, { directorIds: ["d1"], kind: "service", service: "tcp 10.0.0.1:80", from: T0, to: now, now });
    expect(gone.t).toEqual([T0, T0 + 1000, T0 + 2000]);
    const fresh = querySeries(tel, { directorIds: ["d1"], kind: "service", service: "tcp 10.0.0.3:80", from: T0, to: now, now });
    expect(fresh.t).toEqual([T0 + 3000, T0 + 4000, T0 + 5000]);
    expect(fresh.mean[CPS]).toEqual([null, 10, 10]);
  });

  it("adds up the directors asked for", () => {
    const { tel } = setup();
    feed(tel, new FakeAgent(), T0, 3, (i) => svcs(1, 1, i));
    feed(tel, new FakeAgent(), T0, 3, (i) => svcs(1, 1, 2 * i), { directorId: "d2", clusterId: "c1" });
    const s = querySeries(tel, { directorIds: ["d1", "d2"], kind: "service", service: "tcp 10.0.0.1:80", from: T0, to: T0 + 3000, now: T0 + 3000 });
    expect(s.mean[CPS]).toEqual([null, 30, 30]);
    expect(tel.directorsOf("c1")).toEqual(["d1", "d2"]);
  });

  it("keeps only rawWindowSeconds samples per director", () => {
    const { tel } = setup({ rawWindowSeconds: 4 });
    feed(tel, new FakeAgent(), T0, 10, (i) => svcs(1, 1, i));
    expect(tel.director("d1")!.ring.length).toBe(4);
    expect(
      tel
        .director("d1")!
        .ring.range(0, Infinity)
        .map((f) => f.t),
    ).toEqual([6, 7, 8, 9].map((i) => T0 + i * 1000));
  });
});

describe("raw tier for a director that started recently", () => {
  it("a range reaching before its first sample is answered at 1 s, not from one minute point", () => {
    const { tel } = setup();
    feed(tel, new FakeAgent(), T0, 90, (i) => svcs(1, 1, i));
    const now = T0 + 90_000;
    const q = querySeries(tel, { directorIds: ["d1"], kind: "totals", from: now - 15 * 60_000, to: now, now });
    expect(q.source).toBe("raw");
    expect(q.stepMs).toBe(1000);
    expect(q.t).toHaveLength(90);
    expect(q.t[0]).toBe(T0);
  });

  it("still uses the minute tier when an earlier console run may have written older minutes", async () => {
    const { tel, path } = setup();
    feed(tel, new FakeAgent(), T0 - 600_000, 61, (i) => svcs(1, 1, i));
    await tel.close();
    const again = new Telemetry({ databasePath: path });
    cleanups.push(() => again.close());
    feed(again, new FakeAgent(), T0, 30, (i) => svcs(1, 1, i));
    const now = T0 + 30_000;
    const q = querySeries(again, { directorIds: ["d1"], kind: "totals", from: T0 - 900_000, to: now, now });
    expect(q.source).toBe("minute");
    expect(q.t[0]).toBe(T0 - 600_000);
  });
});

describe("raw memory budget", () => {
  it("shares maxRawBytes between directors and answers older ranges from the minute tier", () => {
    // One sample of 1 service + 1 real server is 2 x 7 float32 = 56 bytes; two directors share 560.
    const { tel } = setup({ maxRawBytes: 560 });
    const a1 = new FakeAgent();
    const a2 = new FakeAgent();
    for (let i = 0; i < 30; i++) {
      feed(tel, a1, T0 + i * 1000, 1, () => svcs(1, 1, i));
      feed(tel, a2, T0 + i * 1000, 1, () => svcs(1, 1, i), { directorId: "d2", clusterId: "c1" });
    }
    expect(tel.director("d1")!.ring.length).toBe(5);
    expect(tel.director("d2")!.ring.length).toBe(5);
    expect(tel.director("d2")!.ring.bytes).toBe(280);
    const now = T0 + 30_000;
    const recent = querySeries(tel, { directorIds: ["d1"], kind: "totals", from: T0 + 26_000, to: now, now });
    expect(recent.source).toBe("raw");
    const older = querySeries(tel, { directorIds: ["d1"], kind: "totals", from: T0, to: now, now });
    expect(older.source).toBe("minute");
    expect(older.mean[CPS]![0]).toBeCloseTo(10);
  });
});

describe("minute tier (SQLite)", () => {
  it("rolls up into 1 min points that survive a restart, merged across a mid-minute layout change", async () => {
    const { tel, path } = setup({ rawWindowSeconds: 60 });
    const agent = new FakeAgent();
    // 90 s: minute 0 has a layout change at 30 s (a real server added), minute 1 is partial.
    feed(tel, agent, T0, 90, (i) => {
      const s = svcs(2, 2, i);
      if (i >= 30) s[0]!.dests.push({ key: "10.0.1.9:80", conns: 0n, active: 100 });
      return s;
    });
    await tel.flush({ all: true });
    expect(tel.pending).toHaveLength(0);
    await tel.close();

    const again = new Telemetry({ databasePath: path, rawWindowSeconds: 60 });
    cleanups.push(() => again.close());
    const now = T0 + 3_600_000;
    const q = querySeries(again, { directorIds: ["d1"], kind: "service", service: "tcp 10.0.0.1:80", from: T0 - 3_600_000, to: now, now });
    expect(q.source).toBe("minute");
    expect(q.stepMs).toBe(60_000);
    expect(q.t).toEqual([T0, T0 + 60_000]);
    // Minute 0: 30 s with active 0+1, then 30 s with 0+1+100 -> mean 51, max 101.
    expect(q.mean[ACTIVE]![0]).toBeCloseTo(51);
    expect(q.max[ACTIVE]![0]).toBe(101);
    // Rates: the first second has none, and the new layout does not reset the service's counters.
    expect(q.mean[CPS]![0]).toBeCloseTo(20);
    expect(q.mean[CPS]![1]).toBeCloseTo(20);
    const d = querySeries(again, { directorIds: ["d1"], kind: "dest", service: "tcp 10.0.0.1:80", dest: "10.0.1.9:80", from: T0 - 3_600_000, to: now, now });
    expect(d.t).toEqual([T0, T0 + 60_000]);
    expect(d.mean[ACTIVE]).toEqual([100, 100]);
    expect(again.directorsOf("c1")).toEqual(["d1"]);
  });

  it("keeps one series row per series across console restarts and new layouts of a director", async () => {
    const { tel, path } = setup({ rawWindowSeconds: 60 });
    feed(tel, new FakeAgent(), T0, 61, (i) => svcs(2, 2, i));
    await tel.close();
    const seriesRows = (t: Telemetry) => t.db.db.prepare("SELECT kind, service, dest FROM series ORDER BY id").all() as { kind: number; service: string; dest: string }[];
    // An agent restarted too: a new layout id for the same keys, plus one new real server.
    const again = new Telemetry({ databasePath: path, rawWindowSeconds: 60 });
    cleanups.push(() => again.close());
    const before = seriesRows(again);
    expect(before).toHaveLength(1 + 2 + 4);
    feed(again, new FakeAgent(), T0 + 120_000, 61, (i) => {
      const s = svcs(2, 2, i);
      s[1]!.dests.push({ key: "10.0.1.7:80", conns: 0n, active: 7 });
      return s;
    });
    await again.flush({ all: true });
    const after = seriesRows(again);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length)).toEqual([{ kind: 2, service: "tcp 10.0.0.2:80", dest: "10.0.1.7:80" }]);
    const now = T0 + 3_600_000;
    const q = querySeries(again, { directorIds: ["d1"], kind: "service", service: "tcp 10.0.0.1:80", from: T0 - 3_600_000, to: now, now });
    expect(q.t).toEqual([T0, T0 + 60_000, T0 + 120_000, T0 + 180_000]);
  });

  it("answers the current, unwritten minute from memory", () => {
    const { tel } = setup();
    feed(tel, new FakeAgent(), T0, 10, (i) => svcs(1, 1, i));
    const now = T0 + 2 * 3_600_000;
    const q = querySeries(tel, { directorIds: ["d1"], kind: "totals", from: T0 - 3_600_000, to: now, now });
    expect(q.t).toEqual([T0]);
    expect(q.mean[CPS]![0]).toBeCloseTo(10);
  });

  it("coarsens to keep within maxPoints", async () => {
    const { tel } = setup();
    feed(tel, new FakeAgent(), T0, 300, (i) => svcs(1, 1, i));
    await tel.flush({ all: true });
    const now = T0 + 300_000;
    const q = querySeries(tel, { directorIds: ["d1"], kind: "totals", from: T0, to: now, maxPoints: 2, now: now + 7_200_000 });
    expect(q.stepMs).toBe(180_000);
    // Five minutes in 3 min buckets aligned to the epoch: two or three of them.
    expect(q.t.every((t) => t % 180_000 === 0)).toBe(true);
    expect(q.t.length).toBeGreaterThanOrEqual(2);
    expect(q.t.length).toBeLessThanOrEqual(3);
    for (const v of q.mean[CPS]!) expect(v).toBeCloseTo(10);
  });

  it("prunes rollups and health events past retention", async () => {
    const { tel } = setup();
    feed(tel, new FakeAgent(), T0, 61, (i) => svcs(1, 1, i));
    await tel.flush({ all: true });
    const count = () => (tel.db.db.prepare("SELECT count(*) AS n FROM points_1m").get() as { n: number }).n;
    expect(count()).toBe(6); // totals + 1 service + 1 real server, 2 minutes
    expect(await tel.db.prune(T0 + 60_000, 0)).toBe(3);
    expect(count()).toBe(3);
  });
});

describe("health timeline", () => {
  it("turns transitions into segments, starting from the state before the range", () => {
    const { tel } = setup();
    const agent = new FakeAgent();
    const key = { service: "tcp 10.0.0.1:80", dest: "10.0.1.1:80" };
    const b = agent.batch([agent.sample(T0, reading(svcs(1, 1, 0)))]);
    b.health = [
      { t: T0 - 10_000, ...key, state: "up" },
      { t: T0 + 5_000, ...key, state: "down", detail: "connect: timeout" },
      { t: T0 + 8_000, ...key, state: "up" },
    ];
    expect(tel.ingest(who, b, T0).ok).toBe(true);
    expect(healthTimeline(tel, { directorIds: ["d1"], ...key, from: T0, to: T0 + 20_000 })).toEqual([
      { director: "d1", from: T0, to: T0 + 5_000, state: "up" },
      { director: "d1", from: T0 + 5_000, to: T0 + 8_000, state: "down", detail: "connect: timeout" },
      { director: "d1", from: T0 + 8_000, to: T0 + 20_000, state: "up" },
    ]);
  });
});

describe("minute accumulator", () => {
  it("property: agrees with core's downsample on any sequence of values", () => {
    const cell = fc.option(fc.float({ min: 0, max: 1e6, noNaN: true }), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: METRIC_STRIDE, maxLength: METRIC_STRIDE }), { minLength: 1, maxLength: 60 }), (rows) => {
        const layout = new Layout({ id: "p", svc: ["s"], dst: { s: [], k: [] } });
        const acc = new MinuteBuckets(0, layout);
        const points = rows.map((r, i) => ({ t: i * 1000, values: r.map((v, k) => (k < 2 ? (v ?? 0) : v)).map((v) => (v === null ? null : Math.fround(v))) }));
        for (const p of points) {
          const f: Frame = { t: p.t, agentT: p.t, layout, svc: new Float32Array(p.values.map((v) => (v === null ? NaN : v))), dst: new Float32Array(0), totals: null };
          acc.add(f, p.t);
        }
        const [b] = downsample(points, 60_000, METRIC_STRIDE);
        const blob = new Float64Array(3 * METRIC_STRIDE);
        acc.svc.writeRow(0, blob, 0);
        const mean = bucketMean(b!);
        const max = bucketMax(b!);
        for (let k = 0; k < METRIC_STRIDE; k++) {
          const n = blob[METRIC_STRIDE + k]!;
          expect(n).toBe(b!.n[k]);
          if (n === 0) expect(mean[k]).toBeNull();
          else {
            expect(blob[k]! / n).toBeCloseTo(mean[k]!, 3);
            expect(blob[2 * METRIC_STRIDE + k]).toBe(max[k]);
          }
        }
      }),
    );
  });
});
