import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeSample } from "../../src/metrics/rates.ts";
import { decodeSample, LayoutTracker, METRIC_STRIDE, parseSampleBatch, rawBatchToWire, toRawSample, type RawSampleBatch } from "../../src/metrics/wire.ts";
import { encodeSampleFrame, parseSampleFrame } from "../../src/metrics/wire-frame.ts";

function reading(n: bigint, dests: number) {
  const zero = { conns: 0n, inPkts: 0n, outPkts: 0n, inBytes: 0n, outBytes: 0n };
  return {
    services: [
      {
        key: "tcp 10.0.0.1:80",
        counters: { conns: n, inPkts: n * 10n, outPkts: n * 8n, inBytes: n * 1000n, outBytes: n },
        dests: Array.from({ length: dests }, (_, i) => ({ key: `10.0.1.${i + 1}:80`, activeConns: i, inactiveConns: 1, counters: { ...zero, conns: n * BigInt(i) } })),
      },
      { key: "fwm 7", counters: zero, dests: [] },
    ],
  };
}

function batchOf(dests: number, samples = 2): RawSampleBatch {
  const tracker = new LayoutTracker("e1");
  let prev = computeSample(null, { wallMs: 1_700_000_000_000, monoMs: 0, reading: reading(100n, dests) });
  const out = [];
  for (let i = 0; i < samples; i++) {
    prev = computeSample(prev, { wallMs: 1_700_000_001_000 + i * 1000, monoMs: 1000 + i * 1000, reading: reading(133n + BigInt(i), dests) });
    out.push(toRawSample(prev, tracker.layoutOf(prev).layout));
  }
  return {
    v: 1,
    seq: 4,
    layouts: [tracker.layoutOf(prev).layout],
    samples: out,
    health: [{ t: 1_700_000_000_500, service: "tcp 10.0.0.1:80", dest: "10.0.1.1:80", state: "down", detail: "连接被拒绝 (refused)" }],
  };
}

describe("binary sample frame", () => {
  it("carries the same batch as the JSON transport, matrices byte for byte", () => {
    const batch = batchOf(3);
    const frame = encodeSampleFrame(batch);
    const r = parseSampleFrame(frame);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const viaJson = parseSampleBatch(JSON.parse(JSON.stringify(rawBatchToWire(batch))));
    expect(viaJson.ok).toBe(true);
    if (!viaJson.ok) return;
    expect(r.value.health).toEqual(viaJson.value.health);
    expect(r.value.layouts).toEqual(viaJson.value.layouts);
    for (let i = 0; i < batch.samples.length; i++) {
      const a = decodeSample(r.value.samples[i]!, r.value.layouts[0]!);
      const b = decodeSample(viaJson.value.samples[i]!, viaJson.value.layouts[0]!);
      expect(a.ok && b.ok).toBe(true);
      if (!a.ok || !b.ok) return;
      expect(Buffer.from(a.value.svc.buffer, a.value.svc.byteOffset, a.value.svc.byteLength)).toEqual(
        Buffer.from(b.value.svc.buffer, b.value.svc.byteOffset, b.value.svc.byteLength),
      );
      expect(Buffer.from(a.value.dst.buffer, a.value.dst.byteOffset, a.value.dst.byteLength)).toEqual(
        Buffer.from(b.value.dst.buffer, b.value.dst.byteOffset, b.value.dst.byteLength),
      );
      expect(a.value.totals).toEqual(b.value.totals);
    }
  });

  it("decodes a frame that sits at an odd offset of a larger buffer (a pooled Buffer)", () => {
    const frame = encodeSampleFrame(batchOf(2, 1));
    const pooled = new Uint8Array(frame.length + 3);
    pooled.set(frame, 3);
    const r = parseSampleFrame(pooled.subarray(3));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = decodeSample(r.value.samples[0]!, r.value.layouts[0]!);
    expect(d.ok).toBe(true);
    if (d.ok) expect([...d.value.dst.slice(METRIC_STRIDE, METRIC_STRIDE + 2)]).toEqual([1, 1]);
  });

  it("names what is wrong: magic, header, a field, a short or long body, a matrix that does not fit its layout", () => {
    const good = encodeSampleFrame(batchOf(2, 1));
    const text = (f: Uint8Array) => new TextDecoder().decode(f);
    const nl = good.indexOf(10);
    const headerLen = Number(text(good.subarray(0, nl)).split(" ")[2]);
    const header = JSON.parse(text(good.subarray(nl + 1, nl + 1 + headerLen)));
    const withHeader = (h: unknown, tail = good.subarray((nl + 1 + headerLen + 3) & ~3)) => {
      const hb = new TextEncoder().encode(JSON.stringify(h));
      const first = new TextEncoder().encode(`SHOAL-SAMPLES 1 ${hb.length}\n`);
      const out = new Uint8Array(((first.length + hb.length + 3) & ~3) + tail.length);
      out.set(first);
      out.set(hb, first.length);
      out.set(tail, (first.length + hb.length + 3) & ~3);
      return out;
    };
    const err = (f: Uint8Array) => {
      const r = parseSampleFrame(f);
      expect(r.ok).toBe(false);
      return r.ok ? null : r.errors[0]!;
    };
    expect(err(new TextEncoder().encode('{"v":1}'))).toMatchObject({ path: "frame", message: expect.stringContaining("SHOAL-SAMPLES 1") });
    expect(err(good.subarray(0, nl + 10))).toMatchObject({ path: "frame", message: expect.stringContaining(`header of ${headerLen} bytes announced`) });
    expect(err(good.subarray(0, good.length - 4))).toMatchObject({ path: "samples.0.dst", message: expect.stringContaining("left in the frame") });
    const longer = new Uint8Array(good.length + 4);
    longer.set(good);
    expect(err(longer)).toMatchObject({ path: "frame", message: "4 bytes after the last matrix" });
    expect(err(withHeader({ ...header, samples: [{ ...header.samples[0], t: -1 }] }))).toMatchObject({ path: "samples.0.t" });
    expect(err(withHeader({ ...header, samples: [{ ...header.samples[0], dst: 6 }] }))).toMatchObject({ path: "samples.0.dst", message: expect.stringContaining("multiple of 4") });
    const broken = withHeader(header);
    broken[nl + 2] = 0x7b; // the header's second byte: '{' -> '{{' is not JSON
    expect(err(broken)).toMatchObject({ path: "header", message: expect.stringContaining("not JSON") });
    // A matrix of the wrong size for its layout passes the frame but not the decoder.
    const h2 = { ...header, samples: [{ ...header.samples[0], svc: header.samples[0].svc - 4 * METRIC_STRIDE, dst: header.samples[0].dst + 4 * METRIC_STRIDE }] };
    const r = parseSampleFrame(withHeader(h2));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = decodeSample(r.value.samples[0]!, r.value.layouts[0]!, undefined, "samples.0.");
    expect(d).toMatchObject({ ok: false, errors: [{ path: "samples.0.svc", message: expect.stringContaining(`got ${header.samples[0].svc - 4 * METRIC_STRIDE} bytes`) }] });
  });

  it("never throws on arbitrary bytes, and rejects any cut of a good frame", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const r = parseSampleFrame(b);
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 500 },
    );
    const good = encodeSampleFrame(batchOf(1, 1));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: good.length - 1 }), (cut) => {
        expect(parseSampleFrame(good.subarray(0, cut)).ok).toBe(false);
      }),
    );
  });
});
