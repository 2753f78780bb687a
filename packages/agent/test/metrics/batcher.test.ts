import { describe, expect, it } from "vitest";
import { computeSample, parseSampleBatch, type RateSample, type SampleBatch } from "@shoal/core/metrics/index";
import { SampleBatcher } from "../../src/metrics/batcher.ts";
import { steadyReading } from "./fixtures.ts";

function samples(n: number): RateSample[] {
  const out: RateSample[] = [];
  let prev: RateSample | null = null;
  for (let i = 0; i < n; i++) {
    prev = computeSample(prev, { wallMs: 1_700_000_000_000 + i * 1000, monoMs: i * 1000, reading: steadyReading(i) });
    out.push(prev);
  }
  return out;
}

describe("SampleBatcher", () => {
  it("sends valid batches with increasing seq", async () => {
    const got: SampleBatch[] = [];
    const b = new SampleBatcher({ send: async (x) => void got.push(JSON.parse(JSON.stringify(x))) });
    const [s1, s2] = samples(2);
    b.add(s1!);
    await b.flush();
    b.add(s2!);
    await b.flush();
    expect(got.map((x) => x.seq)).toEqual([0, 1]);
    for (const x of got) expect(parseSampleBatch(x).ok).toBe(true);
    expect(b.sent).toBe(2);
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

  it("drops the oldest beyond maxBacklog and counts them", async () => {
    const b = new SampleBatcher({ send: async () => { throw new Error("down"); }, maxBacklog: 3 });
    for (const s of samples(5)) b.add(s);
    expect(b.backlog).toBe(3);
    expect(b.dropped).toBe(2);
  });
});
