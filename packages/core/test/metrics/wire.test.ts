import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeSample } from "../../src/metrics/rates.ts";
import { METRIC_STRIDE, parseSampleBatch, toWireSample, type WireSample } from "../../src/metrics/wire.ts";

function twoReadings() {
  const mk = (n: bigint) => ({
    services: [
      {
        key: "tcp 10.0.0.1:80",
        counters: { conns: n, inPkts: n * 10n, outPkts: n * 8n, inBytes: n * 1000n, outBytes: 2n ** 60n + n },
        dests: [
          { key: "10.0.1.1:80", activeConns: 3, inactiveConns: 1, counters: { conns: n, inPkts: 0n, outPkts: 0n, inBytes: 0n, outBytes: 0n } },
          { key: "10.0.1.2:80", activeConns: 4, inactiveConns: 0, counters: { conns: 0n, inPkts: 0n, outPkts: 0n, inBytes: 0n, outBytes: 0n } },
        ],
      },
      { key: "udp 10.0.0.1:53", counters: { conns: 0n, inPkts: 0n, outPkts: 0n, inBytes: 0n, outBytes: 0n }, dests: [] },
    ],
  });
  const a = computeSample(null, { wallMs: 1_700_000_000_000, monoMs: 0, reading: mk(100n) });
  return computeSample(a, { wallMs: 1_700_000_001_000, monoMs: 1000, reading: mk(133n) });
}

describe("wire format", () => {
  it("round-trips a computed sample through JSON and the schema", () => {
    const w = toWireSample(twoReadings());
    const body = JSON.parse(JSON.stringify({ v: 1, seq: 0, samples: [w] }));
    const r = parseSampleBatch(body);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.batch.samples[0]!;
    expect(s.svc.k).toEqual(["tcp 10.0.0.1:80", "udp 10.0.0.1:53"]);
    expect(s.svc.m.slice(0, METRIC_STRIDE)).toEqual([7, 1, 33, 330, 264, 33000, 33]);
    expect(s.dst.s).toEqual([0, 0]);
    expect(s.dst.m.slice(0, METRIC_STRIDE)).toEqual([3, 1, 33, 0, 0, 0, 0]);
    expect(s.totals!.outBytes).toBe((2n ** 60n + 133n).toString());
  });

  it("encodes missing rates as null", () => {
    const first = computeSample(null, { wallMs: 1_700_000_000_000, monoMs: 0, reading: { services: [{ key: "k", counters: { conns: 1, inPkts: 1, outPkts: 1, inBytes: 1, outBytes: 1 }, dests: [] }] } });
    const w = toWireSample(first);
    expect(w.svc.m).toEqual([0, 0, null, null, null, null, null]);
    expect(w.totals!.rates).toBeNull();
    expect(parseSampleBatch({ v: 1, seq: 1, samples: [w] }).ok).toBe(true);
  });

  const good = (): WireSample => ({ t: 1_700_000_000_000, totals: null, svc: { k: ["a"], m: [1, 0, 1, 1, 1, 1, 1] }, dst: { s: [0], k: ["d"], m: [1, 0, null, null, null, null, null] } });
  const bad: [string, (s: WireSample) => unknown, RegExp][] = [
    ["short matrix", (s) => (s.svc.m = [1, 2, 3]), /svc\.m.*expected 1 rows x 7 metrics = 7 numbers, got 3/],
    ["negative rate", (s) => (s.svc.m[3] = -1), /svc\.m\.3.*row 0 inPps/],
    ["null gauge", (s) => (s.dst.m[0] = null), /dst\.m\.0.*row 0 active.*got null/],
    ["string in matrix", (s) => (s.svc.m[2] = "5" as never), /row 0 cps/],
    ["service index out of range", (s) => (s.dst.s = [4]), /dst\.s\.0.*out of range/],
    ["missing service index", (s) => (s.dst.s = []), /dst\.s.*one service index per real server/],
    ["duplicate service key", (s) => {
      s.svc.k = ["a", "a"];
      s.svc.m = [...s.svc.m, ...s.svc.m];
    }, /duplicate service key/],
    ["bad timestamp", (s) => (s.t = -5), /^t: /],
  ];
  for (const [name, mutate, msg] of bad) {
    it(`rejects ${name} with a located message`, () => {
      const s = good();
      mutate(s);
      const r = parseSampleBatch({ v: 1, seq: 0, samples: [s] });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      const text = r.errors.map((e) => `${e.path.replace(/^samples\.0\./, "")}: ${e.message}`).join("\n");
      expect(text).toMatch(msg);
    });
  }

  it("rejects wrong versions, empty batches and non-objects", () => {
    expect(parseSampleBatch({ v: 2, seq: 0, samples: [good()] }).ok).toBe(false);
    expect(parseSampleBatch({ v: 1, seq: 0, samples: [] }).ok).toBe(false);
    expect(parseSampleBatch("nope").ok).toBe(false);
    expect(parseSampleBatch(null).ok).toBe(false);
  });

  it("property: arbitrary JSON never throws, only accepts or explains", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = parseSampleBatch(v);
        if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
      }),
    );
  });
});
