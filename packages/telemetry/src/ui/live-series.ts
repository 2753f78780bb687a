import { METRIC_STRIDE } from "@shoal/core/metrics/index";
import type { LiveMessage } from "../live.ts";
import type { SeriesResult } from "../query.ts";

/** uPlot's data shape: x values (unix seconds) then one array per series; null draws a gap. */
export type AlignedData = [number[], ...(number | null)[][]];

/** Fixed window of 1 s points for one series, columnar. Directors of a cluster add up per second. */
class Ring {
  readonly sec: Float64Array;
  readonly val: Float32Array;
  start = 0;
  size = 0;

  constructor(capacity: number) {
    this.sec = new Float64Array(capacity);
    this.val = new Float32Array(capacity * METRIC_STRIDE);
  }

  private slot(i: number): number {
    return (this.start + i) % this.sec.length;
  }

  add(second: number, v: ArrayLike<number | null>, offset: number): void {
    // The other director's sample for this second may already be here (a few entries back).
    for (let back = 1; back <= Math.min(3, this.size); back++) {
      const s = this.slot(this.size - back);
      if (this.sec[s] === second) {
        for (let k = 0; k < METRIC_STRIDE; k++) {
          const x = v[offset + k];
          if (x === null || x === undefined) continue;
          const o = s * METRIC_STRIDE + k;
          this.val[o] = Number.isNaN(this.val[o]!) ? x : this.val[o]! + x;
        }
        return;
      }
      if (this.sec[s]! < second) break;
    }
    if (this.size && this.sec[this.slot(this.size - 1)]! > second) return; // too late to place
    let s: number;
    if (this.size < this.sec.length) s = this.slot(this.size++);
    else {
      s = this.start;
      this.start = (this.start + 1) % this.sec.length;
    }
    this.sec[s] = second;
    for (let k = 0; k < METRIC_STRIDE; k++) {
      const x = v[offset + k];
      this.val[s * METRIC_STRIDE + k] = x === null || x === undefined ? NaN : x;
    }
  }

  latest(metric: number): number | null {
    if (!this.size) return null;
    const x = this.val[this.slot(this.size - 1) * METRIC_STRIDE + metric]!;
    return Number.isNaN(x) ? null : x;
  }

  aligned(metrics: readonly number[]): AlignedData {
    const xs: number[] = new Array(this.size);
    const ys = metrics.map(() => new Array<number | null>(this.size));
    for (let i = 0; i < this.size; i++) {
      const s = this.slot(i);
      xs[i] = this.sec[s]!;
      metrics.forEach((m, j) => {
        const x = this.val[s * METRIC_STRIDE + m]!;
        ys[j]![i] = Number.isNaN(x) ? null : x;
      });
    }
    return [xs, ...ys];
  }
}

export const TOTALS = "(director totals)";

/**
 * The browser side of the live stream: feed it every LiveMessage of a cluster's subscription and
 * read uPlot-ready data per service, per real server or for the director totals. One message
 * updates all 1,000 services of a page in one pass over a flat array; charts then pull only what
 * they show. Works with React's useSyncExternalStore (subscribe + version).
 */
export class LiveSeries {
  private readonly window: number;
  private readonly layouts = new Map<string, { id: string; services: string[] }>();
  private readonly rings = new Map<string, Ring>();
  private readonly listeners = new Set<() => void>();
  version = 0;
  lastAgentT = 0;

  constructor(windowSeconds = 300) {
    this.window = windowSeconds;
  }

  private ring(key: string): Ring {
    let r = this.rings.get(key);
    if (!r) this.rings.set(key, (r = new Ring(this.window)));
    return r;
  }

  apply(m: LiveMessage): void {
    if (m.type !== "sample") return;
    if (m.services) this.layouts.set(m.directorId, { id: m.layoutId, services: m.services });
    const layout = this.layouts.get(m.directorId);
    // A message for a layout whose keys we never got (joined mid-stream) cannot be placed.
    if (!layout || layout.id !== m.layoutId) return;
    const second = Math.floor(m.t / 1000);
    layout.services.forEach((svc, i) => this.ring(svc).add(second, m.svc, i * METRIC_STRIDE));
    this.ring(TOTALS).add(second, m.totals, 0);
    for (const d of m.dests ?? []) d.keys.forEach((k, i) => this.ring(`${d.service} -> ${k}`).add(second, d.values, i * METRIC_STRIDE));
    this.lastAgentT = Math.max(this.lastAgentT, m.agentT);
    this.version++;
    for (const l of this.listeners) l();
  }

  services(): string[] {
    const all = new Set<string>();
    for (const l of this.layouts.values()) for (const s of l.services) all.add(s);
    // Natural order: 10.0.0.2 before 10.0.0.10.
    return [...all].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  }

  /** metrics: indexes into METRICS, e.g. [2] for CPS or [3, 4] for in/out PPS. */
  data(key: string, metrics: readonly number[]): AlignedData {
    return this.rings.get(key)?.aligned(metrics) ?? [[], ...metrics.map(() => [])];
  }

  /** The newest value of one metric: O(1), for figures shown as text next to every service. */
  latest(key: string, metric: number): number | null {
    return this.rings.get(key)?.latest(metric) ?? null;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;
}

/** A history query's result as uPlot data (mean or peak per bucket). */
export function seriesToAligned(r: SeriesResult, metrics: readonly number[], use: "mean" | "max" = "mean"): AlignedData {
  return [r.t.map((t) => t / 1000), ...metrics.map((m) => r[use][m]!)];
}
