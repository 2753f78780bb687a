import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeSample, type RateSample } from "../../src/metrics/rates.ts";
import { decodeSample, LayoutTracker, METRIC_STRIDE, parseSampleBatch, toWireSample, type WireLayout, type WireSample } from "../../src/metrics/wire.ts";
import { decodeBase64, encodeBase64 } from "../../src/metrics/base64.ts";

function mk(n: bigint, extraDest = false) {
  const zero = { conns: 0n, inPkts: 0n, outPkts: 0n, inBytes: 0n, outBytes: 0n };
  return {
    services: [
      {
        key: "tcp 10.0.0.1:80",
        counters: { conns: n, inPkts: n * 10n, outPkts: n * 8n, inBytes: n * 1000n, outBytes: 2n ** 60n + n },
        dests: [
          { key: "10.0.1.1:80", activeConns: 3, inactiveConns: 1, counters: { ...zero, conns: n } },
          { key: "10.0.1.2:80", activeConns: 4, inactiveConns: 0, counters: zero },
          ...(extraDest ? [{ key: "10.0.1.3:80", activeConns: 0, inactiveConns: 0, counters: zero }] : []),
        ],
      },
      { key: "udp 10.0.0.1:53", counters: zero, dests: [] },
    ],
  };
}

function twoSamples(): [RateSample, RateSample] {
  const a = computeSample(null, { wallMs: 1_700_000_000_000, monoMs: 0, reading: mk(100n) });
  return [a, computeSample(a, { wallMs: 1_700_000_001_000, monoMs: 1000, reading: mk(133n) })];
}

function roundTrip(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body));
}

describe("wire format", () => {
  it("round-trips computed samples through JSON, the schema and the decoder", () => {
    const tracker = new LayoutTracker("e1");
    const [a, b] = twoSamples();
    const la = tracker.layoutOf(a);
    const lb = tracker.layoutOf(b);
    expect(la.changed).toBe(true);
    expect(lb.changed).toBe(false);
    expect(lb.layout.id).toBe(la.layout.id);
    const r = parseSampleBatch(roundTrip({ v: 1, seq: 0, layouts: [la.layout], samples: [toWireSample(a, la.layout), toWireSample(b, lb.layout)] }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const layout = r.value.layouts[0]!;
    expect(layout.svc).toEqual(["tcp 10.0.0.1:80", "udp 10.0.0.1:53"]);
    expect(layout.dst).toEqual({ s: [0, 0], k: ["10.0.1.1:80", "10.0.1.2:80"] });
    const d0 = decodeSample(r.value.samples[0]!, layout);
    const d1 = decodeSample(r.value.samples[1]!, layout);
    expect(d0.ok && d1.ok).toBe(true);
    if (!d0.ok || !d1.ok) return;
    expect([...d0.value.svc.slice(0, METRIC_STRIDE)]).toEqual([7, 1, NaN, NaN, NaN, NaN, NaN]);
    expect([...d1.value.svc.slice(0, METRIC_STRIDE)]).toEqual([7, 1, 33, 330, 264, 33000, 33]);
    expect([...d1.value.dst.slice(0, METRIC_STRIDE)]).toEqual([3, 1, 33, 0, 0, 0, 0]);
    expect(d1.value.totals!.outBytes).toBe((2n ** 60n + 133n).toString());
    expect(d0.value.totals!.rates).toBeNull();
  });

  it("hands out a new layout id when real servers come or go", () => {
    const tracker = new LayoutTracker("e1");
    const a = computeSample(null, { wallMs: 1_700_000_000_000, monoMs: 0, reading: mk(1n) });
    const b = computeSample(a, { wallMs: 1_700_000_001_000, monoMs: 1000, reading: mk(2n, true) });
    const la = tracker.layoutOf(a).layout;
    const lb = tracker.layoutOf(b);
    expect(lb.changed).toBe(true);
    expect(lb.layout.id).not.toBe(la.id);
    expect(lb.layout.dst.k).toHaveLength(3);
  });

  const layout: WireLayout = { id: "x.0", svc: ["a"], dst: { s: [0], k: ["d"] } };
  const f32 = (vals: number[]) => encodeBase64(new Uint8Array(new Float32Array(vals).buffer));
  const good = (): WireSample => ({ t: 1_700_000_000_000, l: "x.0", totals: null, svc: f32([1, 0, 1, 1, 1, 1, 1]), dst: f32([1, 0, NaN, NaN, NaN, NaN, NaN]) });

  it("accepts NaN only in rate columns", () => {
    expect(decodeSample(good(), layout).ok).toBe(true);
    const s = good();
    s.dst = f32([NaN, 0, 1, 1, 1, 1, 1]);
    const r = decodeSample(s, layout);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toEqual({ path: "dst", message: "row 0 active: expected a finite number >= 0, got NaN" });
  });

  const badDecode: [string, (s: WireSample) => void, RegExp][] = [
    ["short matrix", (s) => (s.svc = f32([1, 2, 3])), /^svc: expected base64 of 1 rows x 7 float32 \(40 characters\), got 16/],
    ["negative rate", (s) => (s.svc = f32([1, 0, 1, -1, 1, 1, 1])), /^svc: row 0 inPps: expected a finite number >= 0 or NaN/],
    ["infinite byte rate", (s) => (s.dst = f32([1, 0, 1, 1, 1, Infinity, 1])), /^dst: row 0 inBps/],
    ["garbage characters", (s) => (s.svc = "!".repeat(40)), /^svc: not valid base64/],
  ];
  for (const [name, mutate, msg] of badDecode) {
    it(`rejects ${name} with a located message`, () => {
      const s = good();
      mutate(s);
      const r = decodeSample(s, layout);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(`${r.errors[0]!.path}: ${r.errors[0]!.message}`).toMatch(msg);
    });
  }

  const badBatch: [string, unknown, RegExp][] = [
    ["wrong version", { v: 2, seq: 0, samples: [] }, /^v: /m],
    ["bad timestamp", { v: 1, seq: 0, samples: [{ ...good(), t: -5 }] }, /^samples\.0\.t: /m],
    ["missing matrix", { v: 1, seq: 0, samples: [{ ...good(), dst: undefined }] }, /^samples\.0\.dst: /m],
    [
      "layout index out of range",
      { v: 1, seq: 0, layouts: [{ id: "y", svc: ["a"], dst: { s: [3], k: ["d"] } }], samples: [] },
      /^layouts\.0\.dst\.s\.0: service index 3 out of range/m,
    ],
    ["layout lengths differ", { v: 1, seq: 0, layouts: [{ id: "y", svc: ["a"], dst: { s: [], k: ["d"] } }], samples: [] }, /one service index per real server/],
    ["duplicate service", { v: 1, seq: 0, layouts: [{ id: "y", svc: ["a", "a"], dst: { s: [], k: [] } }], samples: [] }, /^layouts\.0\.svc\.1: duplicate service key "a"/m],
    ["duplicate real server", { v: 1, seq: 0, layouts: [{ id: "y", svc: ["a"], dst: { s: [0, 0], k: ["d", "d"] } }], samples: [] }, /duplicate real server "d" in service "a"/],
    ["bad health state", { v: 1, seq: 0, samples: [], health: [{ t: 1, service: "a", dest: "d", state: "sick" }] }, /^health\.0\.state: /m],
  ];
  for (const [name, body, msg] of badBatch) {
    it(`rejects a batch with ${name}`, () => {
      const r = parseSampleBatch(body);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.map((e) => `${e.path}: ${e.message}`).join("\n")).toMatch(msg);
    });
  }

  it("property: arbitrary JSON never throws, only accepts or explains", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = parseSampleBatch(v);
        if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
      }),
    );
  });

  it("property: base64 round-trips any bytes and matches Node's codec", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString("base64"));
        expect(decodeBase64(text)).toEqual(bytes);
      }),
    );
  });

  it("property: any float32 matrix without negatives or infinities decodes to the same numbers", () => {
    const cell = fc.oneof(fc.float({ min: 0, max: Math.fround(3e38), noNaN: true }), fc.constant(NaN));
    fc.assert(
      fc.property(fc.array(cell, { minLength: 7, maxLength: 7 }), (row) => {
        row[0] = Number.isNaN(row[0]) ? 0 : row[0]!;
        row[1] = Number.isNaN(row[1]) ? 0 : row[1]!;
        const r = decodeSample({ ...good(), svc: f32(row) }, layout);
        expect(r.ok).toBe(true);
        if (r.ok) expect([...r.value.svc]).toEqual([...new Float32Array(row)]);
      }),
    );
  });
});
