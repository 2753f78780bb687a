import { COUNTER_FIELDS, addCounters, toCounterSet, zeroCounters, type CounterSet, type StatsReading } from "./counters.ts";

/** Per-second rates derived from counter deltas, in the order the wire format carries them. */
export interface RateSet {
  cps: number;
  inPps: number;
  outPps: number;
  inBps: number;
  outBps: number;
}

/**
 * Why a series has no rate for this interval. We never invent a number:
 * - "new": the series was not in the previous reading (service or real server just appeared);
 * - "reset": a counter went backwards (service deleted and re-added, module reloaded): the events
 *   between the reset and this reading are unknowable, so this one interval is skipped; the next
 *   interval rates normally from the new baseline;
 * - "clock": the interval is <= 0 (monotonic clock misused, or readings out of order);
 * - "gap": the interval exceeds maxIntervalSeconds (agent stalled): an average over minutes would
 *   be drawn as if it were a 1 s point.
 */
export type RateFlag = "new" | "reset" | "clock" | "gap";

export interface SeriesRate {
  rates: RateSet | null;
  flag: RateFlag | null;
}

/**
 * A reading taken at a point in time. `monoMs` comes from a monotonic clock (performance.now,
 * process.hrtime) and is the only clock used for intervals, so wall clock steps (NTP, an operator
 * fixing the date) never produce negative or huge rates. `wallMs` only labels the sample.
 */
export interface TimedReading {
  wallMs: number;
  monoMs: number;
  reading: StatsReading;
}

export interface DestSample extends SeriesRate {
  key: string;
  activeConns: number;
  inactiveConns: number;
  weight: number | undefined;
  counters: CounterSet;
}

export interface ServiceSample extends SeriesRate {
  key: string;
  /** A virtual service's connection gauges are the sum over its real servers (ipvsadm shows none). */
  activeConns: number;
  inactiveConns: number;
  counters: CounterSet;
  dests: DestSample[];
}

export interface RateSample {
  wallMs: number;
  monoMs: number;
  /**
   * The sample before this one (its own `previous` dropped, so the chain stays two long): the
   * baseline of the next rate when the kernel refreshes its counters less often than we sample.
   */
  previous?: RateSample;
  /** Seconds since the previous reading, or null for the first. */
  intervalSeconds: number | null;
  totals: SeriesRate & { counters: CounterSet };
  services: ServiceSample[];
  /** Present in the previous reading, gone now: consumers drop these series. */
  vanishedServices: string[];
  vanishedDests: { service: string; dest: string }[];
}

export interface RateOptions {
  maxIntervalSeconds?: number;
  /**
   * Rates are taken over about this many seconds when the readings allow. IPVS copies its per-CPU
   * counters into the figures it exports only every 2 s (the rate estimator's timer), so a 1 s
   * difference alternates between 0 and twice the real rate: a sawtooth on every chart.
   */
  windowSeconds?: number;
}

export const DEFAULT_MAX_INTERVAL_SECONDS = 60;
export const DEFAULT_RATE_WINDOW_SECONDS = 2;

type IntervalVerdict = { ok: true; dt: number } | { ok: false; flag: "clock" | "gap" };

function judgeInterval(dtSeconds: number, maxIntervalSeconds: number): IntervalVerdict {
  if (!(dtSeconds > 0)) return { ok: false, flag: "clock" };
  if (dtSeconds > maxIntervalSeconds) return { ok: false, flag: "gap" };
  return { ok: true, dt: dtSeconds };
}

/** Rate between two readings of one series' counters. */
export function rateBetween(prev: CounterSet | undefined, cur: CounterSet, interval: IntervalVerdict): SeriesRate {
  if (prev === undefined) return { rates: null, flag: "new" };
  for (const f of COUNTER_FIELDS) if (cur[f] < prev[f]) return { rates: null, flag: "reset" };
  if (!interval.ok) return { rates: null, flag: interval.flag };
  const dt = interval.dt;
  return {
    rates: {
      cps: Number(cur.conns - prev.conns) / dt,
      inPps: Number(cur.inPkts - prev.inPkts) / dt,
      outPps: Number(cur.outPkts - prev.outPkts) / dt,
      inBps: Number(cur.inBytes - prev.inBytes) / dt,
      outBps: Number(cur.outBytes - prev.outBytes) / dt,
    },
    flag: null,
  };
}

/**
 * The rate against the sample before `prev` (about `window` seconds back) when that series was in
 * both earlier readings and no counter went backwards since; otherwise the plain rate against `prev`.
 */
function windowedRate(older: CounterSet | undefined, olderInterval: IntervalVerdict | null, prev: CounterSet | undefined, cur: CounterSet, interval: IntervalVerdict): SeriesRate {
  const near = rateBetween(prev, cur, interval);
  if (near.rates === null || older === undefined || olderInterval === null) return near;
  const far = rateBetween(older, cur, olderInterval);
  return far.rates === null ? near : far;
}

/**
 * Turns a reading into a sample, given the previous sample (null at start). Pure: the agent's
 * sampler keeps `prev` and feeds each result back in.
 */
export function computeSample(prev: RateSample | null, cur: TimedReading, opts: RateOptions = {}): RateSample {
  const maxInterval = opts.maxIntervalSeconds ?? DEFAULT_MAX_INTERVAL_SECONDS;
  const window = opts.windowSeconds ?? DEFAULT_RATE_WINDOW_SECONDS;
  const dtSeconds = prev ? (cur.monoMs - prev.monoMs) / 1000 : null;
  const interval: IntervalVerdict = dtSeconds === null ? { ok: false, flag: "clock" } : judgeInterval(dtSeconds, maxInterval);
  // The older baseline only while it is at most ~window old (a late sample falls back to prev).
  const older = prev?.previous;
  const olderDt = older ? (cur.monoMs - older.monoMs) / 1000 : null;
  const olderInterval: IntervalVerdict | null = older && olderDt !== null && olderDt <= window + 0.5 ? judgeInterval(olderDt, maxInterval) : null;

  const prevServices = new Map<string, ServiceSample>();
  for (const s of prev?.services ?? []) prevServices.set(s.key, s);
  const olderServices = new Map<string, ServiceSample>();
  if (olderInterval) for (const s of older!.services) olderServices.set(s.key, s);

  const services: ServiceSample[] = [];
  let summed = zeroCounters();
  for (const rs of cur.reading.services) {
    const p = prevServices.get(rs.key);
    const prevDests = new Map<string, DestSample>();
    for (const d of p?.dests ?? []) prevDests.set(d.key, d);
    const o = olderServices.get(rs.key);
    const olderDests = new Map<string, DestSample>();
    for (const d of o?.dests ?? []) olderDests.set(d.key, d);
    let active = 0;
    let inactive = 0;
    const dests: DestSample[] = rs.dests.map((rd) => {
      const counters = toCounterSet(rd.counters);
      active += rd.activeConns;
      inactive += rd.inactiveConns;
      return {
        key: rd.key,
        activeConns: rd.activeConns,
        inactiveConns: rd.inactiveConns,
        weight: rd.weight,
        counters,
        ...windowedRate(olderDests.get(rd.key)?.counters, olderInterval, prevDests.get(rd.key)?.counters, counters, interval),
      };
    });
    const counters = toCounterSet(rs.counters);
    summed = addCounters(summed, counters);
    services.push({ key: rs.key, activeConns: active, inactiveConns: inactive, counters, dests, ...windowedRate(o?.counters, olderInterval, p?.counters, counters, interval) });
  }

  const vanishedServices: string[] = [];
  const vanishedDests: { service: string; dest: string }[] = [];
  const curByKey = new Map(services.map((s) => [s.key, s] as const));
  for (const p of prev?.services ?? []) {
    const c = curByKey.get(p.key);
    if (!c) {
      vanishedServices.push(p.key);
      continue;
    }
    const curDests = new Set(c.dests.map((d) => d.key));
    for (const d of p.dests) if (!curDests.has(d.key)) vanishedDests.push({ service: p.key, dest: d.key });
  }

  const totalCounters = cur.reading.totals ? toCounterSet(cur.reading.totals) : summed;
  return {
    wallMs: cur.wallMs,
    monoMs: cur.monoMs,
    ...(prev ? { previous: { ...prev, previous: undefined } } : {}),
    intervalSeconds: dtSeconds,
    totals: { counters: totalCounters, ...windowedRate(olderInterval ? older!.totals.counters : undefined, olderInterval, prev?.totals.counters, totalCounters, interval) },
    services,
    vanishedServices,
    vanishedDests,
  };
}
