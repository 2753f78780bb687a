import { rateBetween, toCounterSet, type CounterSet, type CounterSetLike, type RateFlag, type RateSet } from "@shoal/core/metrics/index";

/**
 * The live counters' whole state in typed arrays, one stable slot per virtual service and per real
 * server: three generations of counters (this sample, the previous, the one before: core's rates
 * use the older one for a 2 s window), the rates, the gauges. A sample allocates nothing per real
 * server that outlives it, so a 10,000 x 10 director keeps ~25 MB here instead of an object graph
 * per sample (core's RateSample: ~40 MB each, and the sampler kept a history of them).
 *
 * Semantics are core's computeSample's (test/metrics/counter-table.test.ts holds the two to the
 * same numbers on random readings): rates from counter deltas over the monotonic clock, "new" for a
 * series absent from the previous sample, "reset" when a counter went backwards, "clock"/"gap" for
 * a bad interval. Counters are doubles (the netlink decoder's u64 -> number): exact below 2^53.
 */

export const FIELDS = 5; // conns, inPkts, outPkts, inBytes, outBytes: core's COUNTER_FIELDS order
const FLAG_NAMES: (RateFlag | null)[] = [null, "new", "reset", "clock", "gap"];
const OK = 0;
const NEW = 1;
const RESET = 2;
const CLOCK = 3;
const GAP = 4;

export interface DestCountersIn {
  key: string;
  activeConns: number;
  inactiveConns: number;
  weight?: number | undefined;
  conns: number;
  inPkts: number;
  outPkts: number;
  inBytes: number;
  outBytes: number;
}

export interface TableOptions {
  maxIntervalSeconds?: number;
  windowSeconds?: number;
}

type Interval = Parameters<typeof rateBetween>[2];

/** Growable per-slot columns: counters in three generations, rates, flags, birth. */
class Columns {
  cap = 0;
  cur = new Float64Array(0);
  prev = new Float64Array(0);
  old = new Float64Array(0);
  rate = new Float64Array(0);
  flag = new Uint8Array(0);
  /** Sample number the series appeared at (its slot's incarnation). */
  born = new Int32Array(0);
  /** Sample number it was last in a reading; -1: free slot. */
  seen = new Int32Array(0);
  private readonly free: number[] = [];
  private next = 0;

  alloc(seq: number): number {
    const s = this.free.pop() ?? this.next++;
    if (s >= this.cap) this.grow(Math.max(64, this.cap * 2));
    this.born[s] = seq;
    this.seen[s] = seq;
    return s;
  }

  release(s: number): void {
    this.seen[s] = -1;
    this.free.push(s);
  }

  get used(): number {
    return this.next;
  }

  protected grow(cap: number): void {
    this.cur = grown(this.cur, cap * FIELDS);
    this.prev = grown(this.prev, cap * FIELDS);
    this.old = grown(this.old, cap * FIELDS);
    this.rate = grown(this.rate, cap * FIELDS);
    this.flag = grown(this.flag, cap);
    this.born = grown(this.born, cap);
    this.seen = grown(this.seen, cap, -1);
    this.cap = cap;
  }

  /** Generations move back one: this sample's counters become the previous ones. */
  rotate(): void {
    const o = this.old;
    this.old = this.prev;
    this.prev = this.cur;
    this.cur = o;
  }
}

class DestColumns extends Columns {
  active = new Float64Array(0);
  inactive = new Float64Array(0);
  /** NaN: the reading had no weight. */
  weight = new Float64Array(0);
  svc = new Int32Array(0);

  protected override grow(cap: number): void {
    this.active = grown(this.active, cap);
    this.inactive = grown(this.inactive, cap);
    this.weight = grown(this.weight, cap);
    this.svc = grown(this.svc, cap);
    super.grow(cap);
  }
}

export class CounterTable {
  readonly svc = new Columns();
  readonly dst = new DestColumns();
  /** Service key by slot. */
  readonly svcKey: string[] = [];
  /** Real-server key by slot. */
  readonly dstKey: string[] = [];
  /** A service's real servers: slot by real-server key. */
  readonly svcDests: (Map<string, number> | undefined)[] = [];
  svcActive = new Float64Array(0);
  svcInactive = new Float64Array(0);
  private readonly bySvcKey = new Map<string, number>();
  /** Sample number; -1 before the first. */
  seq = -1;
  wallMs = 0;
  monoMs = 0;
  private prevMono = NaN;
  private oldMono = NaN;
  /** Seconds since the previous sample, null for the first. */
  intervalSeconds: number | null = null;
  /** Director totals, exact (bigint): this sample's, the previous and the one before. */
  totals: { counters: CounterSet; rates: RateSet | null; flag: RateFlag | null } = { counters: zero(), rates: null, flag: "new" };
  private totalsPrev: CounterSet | undefined;
  private totalsOld: CounterSet | undefined;
  private totalsIn: CounterSetLike | undefined;
  /** What left the table with this sample. */
  vanishedServices: string[] = [];
  vanishedDests: { service: string; dest: string }[] = [];
  /** Bumped whenever the set of services or real servers changes (the wire layout follows it). */
  membership = 0;
  private order = new Int32Array(0);
  private dstOrder = new Int32Array(0);
  private orderedAt = -1;
  private readonly opts: TableOptions;

  constructor(opts: TableOptions = {}) {
    this.opts = opts;
  }

  begin(wallMs: number, monoMs: number): void {
    this.seq++;
    this.oldMono = this.prevMono;
    this.prevMono = this.seq === 0 ? NaN : this.monoMs;
    this.wallMs = wallMs;
    this.monoMs = monoMs;
    this.svc.rotate();
    this.dst.rotate();
    this.totalsOld = this.totalsPrev;
    this.totalsPrev = this.seq === 0 ? undefined : this.totals.counters;
    this.totalsIn = undefined;
    this.vanishedServices = [];
    this.vanishedDests = [];
    this.servicesSeen = 0;
  }

  /** Services of this sample's reading so far (each once). */
  private servicesSeen = 0;

  /** A service of this sample's reading, with its counters; returns its slot. */
  service(key: string, c: CounterSetLike): number {
    let s = this.bySvcKey.get(key);
    if (s === undefined) {
      s = this.svc.alloc(this.seq);
      this.bySvcKey.set(key, s);
      this.svcKey[s] = key;
      this.svcDests[s] = new Map();
      if (this.svcActive.length < this.svc.cap) {
        this.svcActive = grown(this.svcActive, this.svc.cap);
        this.svcInactive = grown(this.svcInactive, this.svc.cap);
      }
      this.membership++;
      this.servicesSeen++;
    } else if (this.svc.seen[s] !== this.seq) {
      this.svc.seen[s] = this.seq;
      this.servicesSeen++;
    }
    const o = s * FIELDS;
    const cur = this.svc.cur;
    cur[o] = Number(c.conns);
    cur[o + 1] = Number(c.inPkts);
    cur[o + 2] = Number(c.outPkts);
    cur[o + 3] = Number(c.inBytes);
    cur[o + 4] = Number(c.outBytes);
    return s;
  }

  /** A live service's slot. */
  slotOf(key: string): number | undefined {
    return this.bySvcKey.get(key);
  }

  /** Before begin(): whether these counters are the ones the service had in the last sample. */
  sameAsLast(s: number, c: CounterSetLike): boolean {
    const o = s * FIELDS;
    const a = this.svc.cur;
    return a[o] === Number(c.conns) && a[o + 1] === Number(c.inPkts) && a[o + 2] === Number(c.outPkts) && a[o + 3] === Number(c.inBytes) && a[o + 4] === Number(c.outBytes);
  }

  /** True when a service's counters differ from the previous sample's, or it is new. */
  moved(s: number): boolean {
    if (this.svc.born[s] === this.seq) return true;
    const o = s * FIELDS;
    const a = this.svc.cur;
    const b = this.svc.prev;
    return a[o] !== b[o] || a[o + 1] !== b[o + 1] || a[o + 2] !== b[o + 2] || a[o + 3] !== b[o + 3] || a[o + 4] !== b[o + 4];
  }

  /** The service's real servers as read now: the whole set (absent ones leave). */
  dests(s: number, list: Iterable<DestCountersIn>): void {
    const map = this.svcDests[s]!;
    const d = this.dst;
    for (const r of list) {
      let k = map.get(r.key);
      if (k === undefined) {
        k = d.alloc(this.seq);
        map.set(r.key, k);
        this.dstKey[k] = r.key;
        d.svc[k] = s;
        this.membership++;
      } else d.seen[k] = this.seq;
      const o = k * FIELDS;
      d.cur[o] = r.conns;
      d.cur[o + 1] = r.inPkts;
      d.cur[o + 2] = r.outPkts;
      d.cur[o + 3] = r.inBytes;
      d.cur[o + 4] = r.outBytes;
      d.active[k] = r.activeConns;
      d.inactive[k] = r.inactiveConns;
      d.weight[k] = r.weight ?? NaN;
    }
    for (const [key, k] of map) {
      if (d.seen[k] === this.seq) continue;
      map.delete(key);
      this.vanishedDests.push({ service: this.svcKey[s]!, dest: key });
      this.dstKey[k] = "";
      d.release(k);
      this.membership++;
    }
  }

  /** The service's real servers were not read: they are as in the previous sample. */
  carry(s: number): void {
    const d = this.dst;
    for (const k of this.svcDests[s]!.values()) {
      d.seen[k] = this.seq;
      const o = k * FIELDS;
      for (let f = 0; f < FIELDS; f++) d.cur[o + f] = d.prev[o + f]!;
    }
  }

  /** /proc/net/ip_vs_stats; without it the totals are the sum over the services. */
  setTotals(c: CounterSetLike | undefined): void {
    this.totalsIn = c;
  }

  /** Closes the sample: services not read leave, rates are computed. */
  end(): void {
    const seq = this.seq;
    // every live service read: none vanished, no need to look (10,000 map entries a second)
    if (this.servicesSeen !== this.bySvcKey.size)
      for (const [key, s] of this.bySvcKey) {
        if (this.svc.seen[s] === seq) continue;
        this.bySvcKey.delete(key);
        this.vanishedServices.push(key);
        for (const k of this.svcDests[s]!.values()) {
          this.dstKey[k] = "";
          this.dst.release(k);
        }
        this.svcDests[s] = undefined;
        this.svcKey[s] = "";
        this.svc.release(s);
        this.membership++;
      }
    const maxInterval = this.opts.maxIntervalSeconds ?? 60;
    const window = this.opts.windowSeconds ?? 2;
    const dt = seq === 0 ? null : (this.monoMs - this.prevMono) / 1000;
    this.intervalSeconds = dt;
    const near = dt === null ? CLOCK : judge(dt, maxInterval);
    const oldDt = Number.isNaN(this.oldMono) ? NaN : (this.monoMs - this.oldMono) / 1000;
    // the older baseline only while it is at most ~window old, as core does
    const far = oldDt <= window + 0.5 ? judge(oldDt, maxInterval) : -1;
    rates(this.svc, seq, near, dt ?? 0, far, oldDt);
    rates(this.dst, seq, near, dt ?? 0, far, oldDt);
    this.gauges();
    this.closeTotals(dt, near, far, oldDt);
  }

  private gauges(): void {
    this.svcActive.fill(0);
    this.svcInactive.fill(0);
    const d = this.dst;
    for (let k = 0; k < d.used; k++) {
      if (d.seen[k] !== this.seq) continue;
      const s = d.svc[k]!;
      this.svcActive[s] = this.svcActive[s]! + d.active[k]!;
      this.svcInactive[s] = this.svcInactive[s]! + d.inactive[k]!;
    }
  }

  private closeTotals(dt: number | null, near: number, far: number, oldDt: number): void {
    let c: CounterSet;
    if (this.totalsIn) c = toCounterSet(this.totalsIn);
    else {
      c = this.summedTotals();
    }
    const iv = (code: number, secs: number): Interval => (code === OK ? { ok: true, dt: secs } : { ok: false, flag: code === GAP ? "gap" : "clock" });
    const n = rateBetween(this.totalsPrev, c, iv(near, dt ?? 0));
    let r = n;
    if (n.rates && this.totalsOld && far >= 0) {
      const f = rateBetween(this.totalsOld, c, iv(far, oldDt));
      if (f.rates) r = f;
    }
    this.totals = { counters: c, rates: r.rates, flag: r.flag };
  }

  /** The sum over this sample's services: in doubles while exact, in BigInt past 2^53. */
  private summedTotals(): CounterSet {
    const cur = this.svc.cur;
    const sum = new Float64Array(FIELDS);
    for (let s = 0; s < this.svc.used; s++) {
      if (this.svc.seen[s] !== this.seq) continue;
      const o = s * FIELDS;
      for (let f = 0; f < FIELDS; f++) sum[f] = sum[f]! + cur[o + f]!;
    }
    if (sum.every((x) => x <= Number.MAX_SAFE_INTEGER))
      return { conns: BigInt(sum[0]!), inPkts: BigInt(sum[1]!), outPkts: BigInt(sum[2]!), inBytes: BigInt(sum[3]!), outBytes: BigInt(sum[4]!) };
    const c = zero();
    for (let s = 0; s < this.svc.used; s++) {
      if (this.svc.seen[s] !== this.seq) continue;
      const o = s * FIELDS;
      c.conns += BigInt(cur[o]!);
      c.inPkts += BigInt(cur[o + 1]!);
      c.outPkts += BigInt(cur[o + 2]!);
      c.inBytes += BigInt(cur[o + 3]!);
      c.outBytes += BigInt(cur[o + 4]!);
    }
    return c;
  }

  /** Live service slots, by key (the wire layout's and /metrics' order). */
  serviceOrder(): Int32Array {
    if (this.orderedAt === this.membership) return this.order;
    const live: number[] = [];
    for (const s of this.bySvcKey.values()) live.push(s);
    live.sort((a, b) => cmp(this.svcKey[a]!, this.svcKey[b]!));
    this.order = Int32Array.from(live);
    const dests: number[] = [];
    for (const s of live) {
      const ks = [...this.svcDests[s]!.values()].sort((a, b) => cmp(this.dstKey[a]!, this.dstKey[b]!));
      for (const k of ks) dests.push(k);
    }
    this.dstOrder = Int32Array.from(dests);
    this.orderedAt = this.membership;
    return this.order;
  }

  /** Live real-server slots: by service (serviceOrder()), then by key. */
  destOrder(): Int32Array {
    this.serviceOrder();
    return this.dstOrder;
  }

  /** A series' rate flag as core names it. */
  static flagName(code: number): RateFlag | null {
    return FLAG_NAMES[code] ?? null;
  }
}

function judge(dt: number, maxInterval: number): number {
  if (!(dt > 0)) return CLOCK;
  return dt > maxInterval ? GAP : OK;
}

/** core's windowedRate over every live slot of one kind. */
function rates(c: Columns, seq: number, near: number, dt: number, far: number, oldDt: number): void {
  const { cur, prev, old, rate, flag, born, seen } = c;
  for (let s = 0; s < c.used; s++) {
    if (seen[s] !== seq) continue;
    const o = s * FIELDS;
    if (born[s]! >= seq) {
      flag[s] = NEW;
      continue;
    }
    if (cur[o]! < prev[o]! || cur[o + 1]! < prev[o + 1]! || cur[o + 2]! < prev[o + 2]! || cur[o + 3]! < prev[o + 3]! || cur[o + 4]! < prev[o + 4]!) {
      flag[s] = RESET;
      continue;
    }
    if (near !== OK) {
      flag[s] = near;
      continue;
    }
    flag[s] = OK;
    let base = prev;
    let secs = dt;
    if (far === OK && born[s]! <= seq - 2) {
      if (!(cur[o]! < old[o]! || cur[o + 1]! < old[o + 1]! || cur[o + 2]! < old[o + 2]! || cur[o + 3]! < old[o + 3]! || cur[o + 4]! < old[o + 4]!)) {
        base = old;
        secs = oldDt;
      }
    }
    for (let f = 0; f < FIELDS; f++) rate[o + f] = (cur[o + f]! - base[o + f]!) / secs;
  }
}

/** A column at a new length: its values kept, new slots at `fill`. */
export function grown<A extends Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(a: A, length: number, fill = 0): A {
  const b = new (a.constructor as new (n: number) => A)(length);
  if (fill !== 0) b.fill(fill);
  b.set(a.subarray(0, Math.min(a.length, length)));
  return b;
}

function zero(): CounterSet {
  return { conns: 0n, inPkts: 0n, outPkts: 0n, inBytes: 0n, outBytes: 0n };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
