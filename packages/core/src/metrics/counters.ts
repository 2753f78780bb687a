/**
 * Exact IPVS counters. The kernel keeps them as u64; a busy director passes 2^53 bytes in weeks,
 * so they are bigint here and only deltas (small) become numbers.
 */
export interface CounterSet {
  conns: bigint;
  inPkts: bigint;
  outPkts: bigint;
  inBytes: bigint;
  outBytes: bigint;
}

export const COUNTER_FIELDS = ["conns", "inPkts", "outPkts", "inBytes", "outBytes"] as const;
export type CounterField = (typeof COUNTER_FIELDS)[number];

/** What a reader may hand over: netlink gives bigint, text parsers give numbers or digit strings. */
export type CounterLike = bigint | number | string;
export type CounterSetLike = Record<CounterField, CounterLike>;

export function toBig(v: CounterLike): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`counter must be a finite non-negative number, got ${v}`);
    return BigInt(Math.trunc(v));
  }
  if (!/^\d{1,20}$/.test(v)) throw new RangeError(`counter must be decimal digits, got ${JSON.stringify(v)}`);
  return BigInt(v);
}

export function toCounterSet(c: CounterSetLike): CounterSet {
  return {
    conns: toBig(c.conns),
    inPkts: toBig(c.inPkts),
    outPkts: toBig(c.outPkts),
    inBytes: toBig(c.inBytes),
    outBytes: toBig(c.outBytes),
  };
}

export function zeroCounters(): CounterSet {
  return { conns: 0n, inPkts: 0n, outPkts: 0n, inBytes: 0n, outBytes: 0n };
}

export function addCounters(a: CounterSet, b: CounterSet): CounterSet {
  return {
    conns: a.conns + b.conns,
    inPkts: a.inPkts + b.inPkts,
    outPkts: a.outPkts + b.outPkts,
    inBytes: a.inBytes + b.inBytes,
    outBytes: a.outBytes + b.outBytes,
  };
}

/** Decimal text: exact for any u64, and what the wire format carries for totals. */
export function countersToStrings(c: CounterSet): Record<CounterField, string> {
  return {
    conns: c.conns.toString(),
    inPkts: c.inPkts.toString(),
    outPkts: c.outPkts.toString(),
    inBytes: c.inBytes.toString(),
    outBytes: c.outBytes.toString(),
  };
}

/**
 * One reading of the kernel: per service and per real server, as the agent's netlink dump
 * (or `ipvsadm -Ln --stats --exact` plus `--connection` counts) returns it.
 */
export interface DestStatsReading {
  key: string;
  activeConns: number;
  inactiveConns: number;
  weight?: number | undefined;
  counters: CounterSetLike;
}

export interface ServiceStatsReading {
  key: string;
  counters: CounterSetLike;
  dests: DestStatsReading[];
}

export interface StatsReading {
  services: ServiceStatsReading[];
  /** /proc/net/ip_vs_stats; when absent the director totals are the sum over services. */
  totals?: CounterSetLike | undefined;
}
