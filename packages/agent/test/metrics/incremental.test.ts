import { describe, expect, it } from "vitest";
import type { ServiceKeyParts } from "@shoal/core";
import type { DestCounters, ServiceCounters } from "../../src/kernel/types.ts";
import { CounterTable } from "../../src/metrics/counter-table.ts";
import { IncrementalReader } from "../../src/metrics/incremental.ts";

type C = { conns: number; inPkts: number; outPkts: number; inBytes: number; outBytes: number };
const zero = (): C => ({ conns: 0, inPkts: 0, outPkts: 0, inBytes: 0, outBytes: 0 });

/** A kernel with N services x R real servers; records which services' real servers were dumped. */
class FakeKernel {
  svc: { parts: ServiceKeyParts; key: string; c: C; dests: DestCounters[] }[] = [];
  dumped: string[][] = [];
  constructor(n: number, r: number) {
    for (let i = 0; i < n; i++) {
      const parts: ServiceKeyParts = { protocol: "tcp", family: "inet", address: `10.0.${i >> 8}.${i & 255}`, port: 80 };
      this.svc.push({
        parts,
        key: `tcp ${parts.address}:80`,
        c: zero(),
        dests: Array.from({ length: r }, (_, j) => ({ address: `10.9.0.${j + 1}`, port: 80, weight: 1, activeConns: 0, inactiveConns: 0, counters: zero() })),
      });
    }
  }
  /** A packet through real server j of service i: both stats, as ip_vs_in_stats counts it. */
  packet(i: number, j: number, opts: { destLater?: boolean; serviceLater?: boolean } = {}): () => void {
    const s = this.svc[i]!;
    const d = s.dests[j]!;
    const svc = () => {
      s.c = { ...s.c, inPkts: s.c.inPkts + 1, inBytes: s.c.inBytes + 60 };
    };
    const dest = () => {
      d.counters = { ...d.counters, inPkts: d.counters.inPkts + 1, inBytes: d.counters.inBytes + 60 };
    };
    if (!opts.serviceLater) svc();
    if (!opts.destLater) dest();
    return opts.serviceLater ? svc : dest;
  }
  async readServiceCounters(): Promise<ServiceCounters[]> {
    return this.svc.map((s) => ({ key: s.key, service: s.parts, counters: { ...s.c } }));
  }
  async readDestCounters(parts: readonly ServiceKeyParts[]): Promise<(DestCounters[] | undefined)[]> {
    this.dumped.push(parts.map((p) => `tcp ${p.address}:80`));
    return parts.map((p) => this.svc.find((s) => s.parts.address === p.address)?.dests.map((d) => ({ ...d, counters: { ...d.counters } })));
  }
}

async function sample(reader: IncrementalReader, t: CounterTable, mono: number): Promise<void> {
  const update = await reader.read(t, mono);
  t.begin(mono, mono);
  update(t);
  t.end();
}

const destSlot = (t: CounterTable, key: string, j: number) => [...t.svcDests[t.slotOf(key)!]!.values()][j]!;

describe("IncrementalReader", () => {
  it("reads every real server first, then only busy services' and a rotating slice of the quiet ones", async () => {
    const k = new FakeKernel(100, 3);
    const t = new CounterTable();
    const reader = new IncrementalReader(k, { refreshSeconds: 10, intervalSeconds: 1 });
    let mono = 0;
    await sample(reader, t, mono);
    expect(k.dumped.at(-1)).toHaveLength(100);
    // the first sample's services are new, so hot for 2 s + 2 intervals; then the quiet rotation
    for (let i = 0; i < 5; i++) await sample(reader, t, (mono += 1000));
    expect(k.dumped.at(-1)).toHaveLength(10);
    k.packet(42, 1);
    await sample(reader, t, (mono += 1000));
    expect(k.dumped.at(-1)).toContain(k.svc[42]!.key);
    const d = destSlot(t, k.svc[42]!.key, 1);
    expect(t.dst.cur[d * 5 + 1]).toBe(1);
    expect(t.dst.flag[d]).toBe(0);
    expect(t.dst.rate[d * 5 + 1]).toBeGreaterThan(0);
  });

  it("an unmoved service's real servers keep their counters and rate exactly 0", async () => {
    const k = new FakeKernel(20, 2);
    const t = new CounterTable();
    const reader = new IncrementalReader(k, { refreshSeconds: 10, intervalSeconds: 1 });
    k.packet(3, 0);
    let mono = 0;
    for (let i = 0; i < 8; i++) await sample(reader, t, (mono += 1000));
    const d = destSlot(t, k.svc[3]!.key, 0);
    expect(t.dst.cur[d * 5 + 1]).toBe(1);
    expect(t.dst.flag[d]).toBe(0);
    expect([...t.dst.rate.subarray(d * 5, d * 5 + 5)]).toEqual([0, 0, 0, 0, 0]);
  });

  it("catches a real server's stats copied after its service's (the kernel estimator's lag)", async () => {
    const k = new FakeKernel(50, 2);
    const t = new CounterTable();
    const reader = new IncrementalReader(k, { refreshSeconds: 60, intervalSeconds: 1 });
    let mono = 0;
    for (let i = 0; i < 10; i++) await sample(reader, t, (mono += 1000));
    const late = k.packet(7, 1, { destLater: true });
    await sample(reader, t, (mono += 1000)); // the service moved, its real server not yet
    await sample(reader, t, (mono += 1000));
    late(); // the estimator's next pass, up to 2 s later: the service no longer moves
    await sample(reader, t, (mono += 1000));
    await sample(reader, t, (mono += 1000));
    expect(t.dst.cur[destSlot(t, k.svc[7]!.key, 1) * 5 + 1]).toBe(1);
  });

  it("catches a real server's stats copied before its service's (the service shows them at its next copy)", async () => {
    const k = new FakeKernel(50, 2);
    const t = new CounterTable();
    const reader = new IncrementalReader(k, { refreshSeconds: 600, intervalSeconds: 1 });
    let mono = 0;
    for (let i = 0; i < 10; i++) await sample(reader, t, (mono += 1000));
    const rs = () => t.dst.cur[destSlot(t, k.svc[7]!.key, 1) * 5 + 1];
    const svcLate = k.packet(7, 1, { serviceLater: true });
    await sample(reader, t, (mono += 1000)); // the real server moved, its service not yet
    svcLate();
    await sample(reader, t, (mono += 1000));
    expect(rs()).toBe(1);
    expect(k.dumped.at(-1)).toContain(k.svc[7]!.key);
  });

  it("refreshes a quiet service's connection gauges within refreshSeconds", async () => {
    const k = new FakeKernel(200, 2);
    const t = new CounterTable();
    const reader = new IncrementalReader(k, { refreshSeconds: 10, intervalSeconds: 1 });
    let mono = 0;
    for (let i = 0; i < 6; i++) await sample(reader, t, (mono += 1000));
    // connections expire by timer on every service: no packet, no counter moves
    for (const s of k.svc) s.dests[0] = { ...s.dests[0]!, inactiveConns: 5 };
    const stale = () => k.svc.filter((s) => t.dst.inactive[destSlot(t, s.key, 0)] !== 5).length;
    for (let i = 0; i < 10; i++) await sample(reader, t, (mono += 1000));
    expect(stale()).toBe(0);
  });

  it("a service gone between the service dump and its real servers' dump leaves at the next sample", async () => {
    const k = new FakeKernel(3, 1);
    const t = new CounterTable();
    const reader = new IncrementalReader(k, { refreshSeconds: 10, intervalSeconds: 1 });
    await sample(reader, t, 0);
    const gone = k.svc[1]!;
    const dumpDests = k.readDestCounters.bind(k);
    k.readDestCounters = async (parts) => {
      k.svc = k.svc.filter((s) => s !== gone);
      return dumpDests(parts);
    };
    k.packet(1, 0);
    await sample(reader, t, 1000);
    expect(t.slotOf(gone.key)).toBeDefined();
    await sample(reader, t, 2000);
    expect(t.slotOf(gone.key)).toBeUndefined();
    expect(t.vanishedServices).toEqual([gone.key]);
  });

  it("reads every real server each sample when refreshSeconds is 0, and after refreshAll()", async () => {
    const k = new FakeKernel(30, 1);
    const t = new CounterTable();
    const reader = new IncrementalReader(k, { refreshSeconds: 0, intervalSeconds: 1 });
    for (let i = 0; i < 8; i++) await sample(reader, t, i * 1000);
    expect(k.dumped.every((d) => d.length === 30)).toBe(true);
    const r2 = new IncrementalReader(k, { refreshSeconds: 30, intervalSeconds: 1 });
    const t2 = new CounterTable();
    for (let i = 0; i < 8; i++) await sample(r2, t2, i * 1000);
    expect(k.dumped.at(-1)!.length).toBeLessThan(30);
    r2.refreshAll();
    await sample(r2, t2, 9000);
    expect(k.dumped.at(-1)).toHaveLength(30);
  });
});

describe("IncrementalReader.refresh", () => {
  it("reads the named services' real servers at the next sample only", async () => {
    const k = new FakeKernel(40, 1);
    const t = new CounterTable();
    const reader = new IncrementalReader(k, { refreshSeconds: 3600, intervalSeconds: 1 });
    for (let i = 0; i < 8; i++) await sample(reader, t, i * 1000);
    const key = k.svc[17]!.key;
    // a weight the agent just changed: no packet, so the service's counters do not move
    k.svc[17]!.dests[0] = { ...k.svc[17]!.dests[0]!, weight: 5 };
    reader.refresh([key]);
    await sample(reader, t, 8000);
    expect(k.dumped.at(-1)).toContain(key);
    expect(t.dst.weight[destSlot(t, key, 0)]).toBe(5);
    await sample(reader, t, 9000);
    expect(k.dumped.at(-1)).not.toContain(key);
  });
});

describe("IncrementalReader, samples slower than the interval", () => {
  it("still reads a moved service's real servers at the sample after, and keeps the rotation slice to its size", async () => {
    const k = new FakeKernel(100, 1);
    const t = new CounterTable();
    const reader = new IncrementalReader(k, { refreshSeconds: 10, intervalSeconds: 1 });
    let mono = 0;
    for (let i = 0; i < 3; i++) await sample(reader, t, (mono += 6000));
    expect(k.dumped.at(-1)).toHaveLength(10);
    const late = k.packet(5, 0, { destLater: true });
    await sample(reader, t, (mono += 6000));
    late();
    await sample(reader, t, (mono += 6000));
    expect(t.dst.cur[destSlot(t, k.svc[5]!.key, 0) * 5 + 1]).toBe(1);
    expect(k.dumped.at(-1)!.length).toBeLessThanOrEqual(11);
  });
});
