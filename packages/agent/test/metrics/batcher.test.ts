import { describe, expect, it } from "vitest";
import { computeSample, decodeSample, parseSampleBatch, rawBatchToWire, type RateSample, type RawSampleBatch, type SampleBatch } from "@shoal/core/metrics/index";
import { SampleBatcher, type SendOutcome } from "../../src/metrics/batcher.ts";
import { nodeBase64 } from "../../src/metrics/codec.ts";
import { steadyReading } from "./fixtures.ts";

function samples(n: number, services = 2): RateSample[] {
  const out: RateSample[] = [];
  let prev: RateSample | null = null;
  for (let i = 0; i < n; i++) {
    prev = computeSample(prev, { wallMs: 1_700_000_000_000 + i * 1000, monoMs: i * 1000, reading: steadyReading(i, { services: i >= 3 ? services + 1 : services }) });
    out.push(prev);
  }
  return out;
}

/** What the console gets over the JSON transport. */
const wire = (x: RawSampleBatch): SampleBatch => JSON.parse(JSON.stringify(rawBatchToWire(x, nodeBase64)));

describe("SampleBatcher", () => {
  it("sends valid batches with increasing seq, each layout once", async () => {
    const got: SampleBatch[] = [];
    const b = new SampleBatcher({ epoch: "t", send: async (x) => (got.push(wire(x)), "ok") });
    for (const s of samples(5)) {
      b.add(s);
      await b.flush();
    }
    expect(got.map((x) => x.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(got.map((x) => x.layouts.map((l) => l.id))).toEqual([["t.0"], [], [], ["t.1"], []]);
    for (const x of got) {
      const p = parseSampleBatch(x);
      expect(p.ok).toBe(true);
    }
    const layout = got[3]!.layouts[0]!;
    const d = decodeSample(got[4]!.samples[0]!, layout, nodeBase64);
    expect(d.ok).toBe(true);
    if (d.ok) expect(d.value.svc[2]).toBe(20);
    expect(b.sent).toBe(5);
    expect(b.backlog).toBe(0);
  });

  it("keeps the backlog through an outage and delivers it in order afterwards", async () => {
    let up = false;
    const got: number[] = [];
    const errors: unknown[] = [];
    const b = new SampleBatcher({
      send: async (x) => {
        if (!up) throw new Error("ECONNREFUSED");
        got.push(...x.samples.map((s) => s.t));
        return "ok";
      },
      onError: (e) => errors.push(e),
    });
    const all = samples(5);
    for (const s of all) {
      b.add(s);
      await b.flush();
    }
    expect(errors).toHaveLength(5);
    expect(b.backlog).toBe(5);
    up = true;
    await b.flush();
    expect(got).toEqual(all.map((s) => s.wallMs));
    expect(b.backlog).toBe(0);
  });

  it("resends layouts when the console has forgotten them, without losing samples", async () => {
    const known = new Set<string>();
    let stored = 0;
    const send = async (x: RawSampleBatch): Promise<SendOutcome> => {
      for (const l of x.layouts) known.add(l.id);
      if (x.samples.some((s) => !known.has(s.l))) return "layout-unknown";
      stored += x.samples.length;
      return "ok";
    };
    const b = new SampleBatcher({ send });
    const all = samples(3);
    b.add(all[0]!);
    await b.flush();
    known.clear(); // console restarted
    b.add(all[1]!);
    await b.flush();
    expect(stored).toBe(1);
    b.add(all[2]!);
    await b.flush();
    expect(stored).toBe(3);
  });

  it("drops the oldest beyond maxBacklog and counts them", async () => {
    const b = new SampleBatcher({
      send: async () => {
        throw new Error("down");
      },
      maxBacklog: 3,
    });
    for (const s of samples(5)) b.add(s);
    expect(b.backlog).toBe(3);
    expect(b.dropped).toBe(2);
  });

  it("drops the oldest beyond maxBacklogBytes of matrices, keeping at least the newest", async () => {
    // 2 services x 2 real servers (3 services from the fourth sample): 6 or 9 rows x 7 float32
    const b = new SampleBatcher({
      send: async () => {
        throw new Error("down");
      },
      maxBacklogBytes: 6 * 28 + 9 * 28,
    });
    for (const s of samples(5)) b.add(s);
    expect(b.backlog).toBe(1);
    expect(b.dropped).toBe(4);
    const tiny = new SampleBatcher({
      send: async () => {
        throw new Error("down");
      },
      maxBacklogBytes: 1,
    });
    for (const s of samples(2)) tiny.add(s);
    expect(tiny.backlog).toBe(1);
  });

  it("carries health transitions with the next batch", async () => {
    const got: SampleBatch[] = [];
    const b = new SampleBatcher({ send: async (x) => (got.push(wire(x)), "ok") });
    b.addHealth({ t: 1_700_000_000_500, service: "tcp 10.0.0.1:80", dest: "10.0.1.1:80", state: "down", detail: "connect timeout" });
    await b.flush();
    expect(got[0]!.health).toHaveLength(1);
    expect(parseSampleBatch(got[0]).ok).toBe(true);
  });
});

describe("SampleBatcher catching up", () => {
  it("splits a backlog into POSTs of at most maxCellsPerBatch and drains them all", async () => {
    let up = false;
    const sizes: number[] = [];
    const b = new SampleBatcher({
      maxCellsPerBatch: 2 * 6 * 7, // two samples of 2 services + 4 real servers
      send: async (x) => {
        if (!up) throw new Error("down");
        sizes.push(x.samples.length);
        return "ok";
      },
    });
    for (const s of samples(3)) b.add(s); // same layout for the first three
    await b.flush();
    up = true;
    await b.drain();
    expect(sizes).toEqual([2, 1]);
    expect(b.backlog).toBe(0);
  });
});
