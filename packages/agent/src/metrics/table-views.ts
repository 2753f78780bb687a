import { METRIC_STRIDE, type CounterSet, type DestSample, type RateSample, type RateSet, type RawSample, type ServiceSample, type WireLayout } from "@shoal/core/metrics/index";
import { CounterTable, FIELDS } from "./counter-table.ts";

/**
 * What the counter table's latest sample looks like to its consumers: the wire (a layout and two
 * Float32 matrices, written straight from the columns) and core's RateSample (for /metrics and
 * anything that wants objects: built on demand, never kept by the sampler).
 */

function rateSet(rate: Float64Array, o: number): RateSet {
  return { cps: rate[o]!, inPps: rate[o + 1]!, outPps: rate[o + 2]!, inBps: rate[o + 3]!, outBps: rate[o + 4]! };
}

function counterSet(c: Float64Array, o: number): CounterSet {
  return { conns: BigInt(c[o]!), inPkts: BigInt(c[o + 1]!), outPkts: BigInt(c[o + 2]!), inBytes: BigInt(c[o + 3]!), outBytes: BigInt(c[o + 4]!) };
}

/** The latest sample as core's RateSample (no `previous`: the table holds the baselines). */
export function rateSampleOf(t: CounterTable): RateSample {
  const services: ServiceSample[] = [];
  const { svc, dst } = t;
  for (const s of t.serviceOrder()) {
    const o = s * FIELDS;
    const dests: DestSample[] = [];
    const ks = [...t.svcDests[s]!.values()].sort((a, b) => (t.dstKey[a]! < t.dstKey[b]! ? -1 : 1));
    for (const k of ks) {
      const w = dst.weight[k]!;
      dests.push({
        key: t.dstKey[k]!,
        activeConns: dst.active[k]!,
        inactiveConns: dst.inactive[k]!,
        weight: Number.isNaN(w) ? undefined : w,
        counters: counterSet(dst.cur, k * FIELDS),
        rates: dst.flag[k] === 0 ? rateSet(dst.rate, k * FIELDS) : null,
        flag: CounterTable.flagName(dst.flag[k]!),
      });
    }
    services.push({
      key: t.svcKey[s]!,
      activeConns: t.svcActive[s]!,
      inactiveConns: t.svcInactive[s]!,
      counters: counterSet(svc.cur, o),
      dests,
      rates: svc.flag[s] === 0 ? rateSet(svc.rate, o) : null,
      flag: CounterTable.flagName(svc.flag[s]!),
    });
  }
  return {
    wallMs: t.wallMs,
    monoMs: t.monoMs,
    intervalSeconds: t.intervalSeconds,
    totals: { counters: t.totals.counters, rates: t.totals.rates, flag: t.totals.flag },
    services,
    vanishedServices: t.vanishedServices,
    vanishedDests: t.vanishedDests,
  };
}

/** Hands out a wire layout per membership of the table; a new id whenever it changes. */
export class TableLayouts {
  private current: WireLayout | null = null;
  private at = -1;
  private n = 0;

  constructor(private readonly epoch: string) {}

  of(t: CounterTable): WireLayout {
    if (this.current && this.at === t.membership) return this.current;
    const order = t.serviceOrder();
    const dst = t.destOrder();
    const row = new Map<number, number>();
    order.forEach((s, i) => row.set(s, i));
    const s: number[] = new Array<number>(dst.length);
    const k: string[] = new Array<string>(dst.length);
    dst.forEach((d, i) => {
      s[i] = row.get(t.dst.svc[d]!)!;
      k[i] = t.dstKey[d]!;
    });
    this.current = { id: `${this.epoch}.${this.n++}`, svc: Array.from(order, (x) => t.svcKey[x]!), dst: { s, k } };
    this.at = t.membership;
    return this.current;
  }
}

function writeRow(m: Float32Array, row: number, active: number, inactive: number, flag: number, rate: Float64Array, o: number): void {
  const r = row * METRIC_STRIDE;
  m[r] = active;
  m[r + 1] = inactive;
  for (let f = 0; f < FIELDS; f++) m[r + 2 + f] = flag === 0 ? rate[o + f]! : NaN;
}

/** The latest sample's matrices against the layout of the table's current membership. */
export function rawSampleOf(t: CounterTable, layout: WireLayout): RawSample {
  const order = t.serviceOrder();
  const dests = t.destOrder();
  const svc = new Float32Array(order.length * METRIC_STRIDE);
  const dst = new Float32Array(dests.length * METRIC_STRIDE);
  order.forEach((s, i) => writeRow(svc, i, t.svcActive[s]!, t.svcInactive[s]!, t.svc.flag[s]!, t.svc.rate, s * FIELDS));
  dests.forEach((d, i) => writeRow(dst, i, t.dst.active[d]!, t.dst.inactive[d]!, t.dst.flag[d]!, t.dst.rate, d * FIELDS));
  const tr = t.totals.rates;
  const c = t.totals.counters;
  return {
    t: Math.round(t.wallMs),
    l: layout.id,
    totals: {
      conns: c.conns.toString(),
      inPkts: c.inPkts.toString(),
      outPkts: c.outPkts.toString(),
      inBytes: c.inBytes.toString(),
      outBytes: c.outBytes.toString(),
      rates: tr ? [tr.cps, tr.inPps, tr.outPps, tr.inBps, tr.outBps] : null,
    },
    svc: new Uint8Array(svc.buffer),
    dst: new Uint8Array(dst.buffer),
  };
}
