import { destSeriesKey, type WireLayout } from "@shoal/core/metrics/index";

/**
 * A layout as the console keeps it. Indexes are built on first query, not on ingest: most layouts
 * are only ever written through (their rows are addressed by position), never looked up by key.
 */
export class Layout {
  readonly id: string;
  readonly svc: readonly string[];
  readonly dstSvc: readonly number[];
  readonly dstKey: readonly string[];
  private svcIdx: Map<string, number> | null = null;
  private dstIdx: Map<string, number> | null = null;
  /** SQLite series ids by row, filled on the first rollup write. */
  seriesIds: { svc: Int32Array; dst: Int32Array; totals: number } | null = null;

  constructor(w: WireLayout) {
    this.id = w.id;
    this.svc = w.svc;
    this.dstSvc = w.dst.s;
    this.dstKey = w.dst.k;
  }

  serviceRow(key: string): number | undefined {
    if (!this.svcIdx) this.svcIdx = new Map(this.svc.map((k, i) => [k, i] as const));
    return this.svcIdx.get(key);
  }

  destRow(service: string, dest: string): number | undefined {
    if (!this.dstIdx) this.dstIdx = new Map(this.dstKey.map((k, i) => [destSeriesKey(this.svc[this.dstSvc[i]!]!, k), i] as const));
    return this.dstIdx.get(destSeriesKey(service, dest));
  }

  /** Real-server rows of one service, in layout order. */
  destRowsOf(service: string): number[] {
    const s = this.serviceRow(service);
    const rows: number[] = [];
    if (s === undefined) return rows;
    for (let i = 0; i < this.dstSvc.length; i++) if (this.dstSvc[i] === s) rows.push(i);
    return rows;
  }
}
