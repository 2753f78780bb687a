import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeSample, LayoutTracker, toWireSample, type RateSample, type SampleBatch, type StatsReading, type WireLayout } from "@shoal/core/metrics/index";
import { nodeBase64 } from "../src/codec.ts";
import { Telemetry } from "../src/telemetry.ts";
import type { TelemetryConfig } from "../src/config.ts";

/** A recent whole minute, so the console's clock-skew policy accepts test timestamps as they are. */
export const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 120_000;

export function tempTelemetry(config: Partial<TelemetryConfig> = {}): { tel: Telemetry; path: string; cleanup: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), "shoal-telemetry-"));
  const path = join(dir, "telemetry.db");
  const tel = new Telemetry({ databasePath: path, ...config });
  return {
    tel,
    path,
    cleanup: async () => {
      await tel.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Svc {
  key: string;
  /** Counter value; the per-second rate is its increase. */
  conns: bigint;
  dests: { key: string; conns: bigint; active: number }[];
}

export function reading(svcs: Svc[]): StatsReading {
  return {
    services: svcs.map((s) => ({
      key: s.key,
      counters: { conns: s.conns, inPkts: s.conns * 10n, outPkts: s.conns * 9n, inBytes: s.conns * 1000n, outBytes: s.conns * 5000n },
      dests: s.dests.map((d) => ({
        key: d.key,
        activeConns: d.active,
        inactiveConns: 1,
        counters: { conns: d.conns, inPkts: d.conns * 10n, outPkts: d.conns * 9n, inBytes: d.conns * 1000n, outBytes: d.conns * 5000n },
      })),
    })),
  };
}

/** Plays an agent: turns readings into batches exactly as the agent's batcher would. */
export class FakeAgent {
  private prev: RateSample | null = null;
  private readonly tracker = new LayoutTracker("test");
  private readonly sent = new Set<string>();
  seq = 0;

  sample(wallMs: number, r: StatsReading, monoMs = wallMs): { sample: ReturnType<typeof toWireSample>; layout: WireLayout } {
    this.prev = computeSample(this.prev, { wallMs, monoMs, reading: r });
    const { layout } = this.tracker.layoutOf(this.prev);
    return { sample: toWireSample(this.prev, layout, nodeBase64), layout };
  }

  batch(items: { sample: ReturnType<typeof toWireSample>; layout: WireLayout }[], opts: { resendLayouts?: boolean } = {}): SampleBatch {
    const layouts = [...new Map(items.map((i) => [i.layout.id, i.layout])).values()].filter((l) => opts.resendLayouts || !this.sent.has(l.id));
    for (const l of layouts) this.sent.add(l.id);
    return { v: 1, seq: this.seq++, layouts, samples: items.map((i) => i.sample), health: [] };
  }
}

export function svcs(n: number, dests: number, tick: number, rate = 10): Svc[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `tcp 10.0.0.${i + 1}:80`,
    conns: BigInt(tick * rate * dests),
    dests: Array.from({ length: dests }, (_, j) => ({ key: `10.0.1.${j + 1}:80`, conns: BigInt(tick * rate), active: i + j })),
  }));
}
