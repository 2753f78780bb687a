import { afterEach, describe, expect, it } from "vitest";
import { liveStream, type LiveMessage } from "../../src/live.ts";
import { LiveSeries, seriesToAligned, TOTALS } from "../../src/ui/live-series.ts";
import { si } from "../../src/ui/format.ts";
import { querySeries } from "../../src/query.ts";
import { FakeAgent, reading, svcs, tempTelemetry } from "../support.ts";

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

const msg = (directorId: string, t: number, layoutId: string, svc: (number | null)[], services?: string[]): LiveMessage => ({
  type: "sample",
  directorId,
  t,
  agentT: t,
  layoutId,
  svc,
  totals: svc.slice(0, 7),
  ...(services ? { services } : {}),
});

const row = (a: number, cps: number | null) => [a, 0, cps, 0, 0, 0, 0];

describe("LiveSeries", () => {
  it("adds the directors of a cluster up per second and keeps gaps as null", () => {
    const live = new LiveSeries(10);
    live.apply(msg("d1", 1_000_000, "L1", [...row(5, null), ...row(1, 2)], ["a", "b"]));
    live.apply(msg("d2", 1_000_400, "M1", [...row(3, 4)], ["a"]));
    live.apply(msg("d1", 1_001_000, "L1", [...row(6, 10), ...row(1, 2)]));
    expect(live.data("a", [0, 2])).toEqual([
      [1000, 1001],
      [8, 6],
      [4, 10],
    ]);
    expect(live.data("b", [2])).toEqual([
      [1000, 1001],
      [2, 2],
    ]);
    expect(live.data(TOTALS, [0])).toEqual([
      [1000, 1001],
      [8, 6],
    ]);
    expect(live.services()).toEqual(["a", "b"]);
    expect(live.latest("a", 2)).toBe(10);
    expect(live.latest("nope", 2)).toBeNull();
    expect(live.version).toBe(3);
  });

  it("keeps only the window and ignores messages for layouts it never saw", () => {
    const live = new LiveSeries(3);
    live.apply(msg("d1", 5_000, "X", row(1, 1))); // joined mid-stream: keys unknown
    for (let i = 0; i < 5; i++) live.apply(msg("d1", 10_000 + i * 1000, "L", row(i, i), i === 0 ? ["a"] : undefined));
    expect(live.data("a", [0])).toEqual([
      [12, 13, 14],
      [2, 3, 4],
    ]);
  });

  it("follows a real telemetry stream end to end, and matches the history query", async () => {
    const { tel, cleanup } = tempTelemetry();
    cleanups.push(cleanup);
    const ac = new AbortController();
    const live = new LiveSeries(60);
    const consumed = (async () => {
      for await (const m of liveStream(tel.hub, { clusterId: "c1", signal: ac.signal })) live.apply(m);
    })();
    await new Promise((r) => setImmediate(r));
    const agent = new FakeAgent();
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 10_000;
    for (let i = 0; i < 4; i++) tel.ingest({ directorId: "d1", clusterId: "c1" }, agent.batch([agent.sample(t0 + i * 1000, reading(svcs(2, 2, i)))]), t0 + i * 1000);
    while (live.version < 4) await new Promise((r) => setImmediate(r));
    ac.abort();
    await consumed;
    const fromLive = live.data("tcp 10.0.0.2:80", [0, 2]);
    const hist = querySeries(tel, { directorIds: ["d1"], kind: "service", service: "tcp 10.0.0.2:80", from: t0, to: t0 + 4000, now: t0 + 4000 });
    expect(fromLive).toEqual(seriesToAligned(hist, [0, 2]));
    expect(fromLive[2]).toEqual([null, 20, 20, 20]);
  });
});

describe("si", () => {
  it("formats rates for axes", () => {
    expect(si(0)).toBe("0");
    expect(si(950, "B/s")).toBe("950 B/s");
    expect(si(1234567, "B/s")).toBe("1.23 MB/s");
    expect(si(null)).toBe("–");
  });
});

describe("si, three significant digits", () => {
  it("keeps axis labels short", () => {
    expect(si(12_345_678)).toBe("12.3 M");
    expect(si(123_456_789, "B/s")).toBe("123 MB/s");
    expect(si(5.5)).toBe("5.50");
    expect(si(1000)).toBe("1 k");
  });
});
