import { listingToState, parseProcIpvs, sameDestSettings, sameServiceSettings, stateDestKey, stateServiceKey, type KernelService } from "@shoal/core";
import type { DestConns } from "../types.ts";
import type { ProcScan } from "./scan.ts";

/** One service block as parsed, kept while its text (connection columns aside) stays the same. */
interface Parsed {
  key: string;
  /** Real servers sorted by dest key; persistence as printed, in jiffies. */
  service: KernelService;
  jiffies?: number;
  /**
   * File order -> index in service.dests (sorted by key): the block's connection counts come in
   * file order. Indexes, not the parsed objects, so an interned service leaves no copy alive.
   */
  fileOrder: Uint16Array | Uint32Array;
  /** `service` with its persistence in seconds, for the HZ it was converted with. */
  converted?: { hz: number; service: KernelService };
  /** The desired service last compared with `service` (see intern()). */
  comparedWith?: KernelService;
}

export interface ProcTable {
  /**
   * Sorted by service key, real servers by dest key: the order the netlink read gives.
   * Persistence in seconds where `hz` divides the jiffies printed, otherwise in jiffies.
   * Objects may be shared with earlier tables: never modify them.
   */
  services: KernelService[];
  /** Persistence timeouts as printed, in jiffies (CONFIG_HZ per second), by service key. */
  persistJiffies: Map<string, number>;
  /** A real server's connections as this read showed them. */
  conns(serviceKey: string, destKey: string): DestConns | undefined;
  /** Service blocks parsed by this read (the others were known from earlier reads). */
  parsed: number;
}

/**
 * /proc/net/ip_vs as the planner's table. Blocks whose text (connection columns aside) an
 * earlier read already parsed are taken as they were: after one real-server change only that
 * service is parsed again, through core's parser. What /proc never shows (hidden.ts) comes back
 * as the defaults.
 */
export class ProcTableCache {
  private known = new Map<number, Parsed>();

  /**
   * Undefined when a block does not parse or leaves a fwmark service's family open (one with no
   * real server): netlink must answer then.
   */
  table(bytes: Uint8Array, scan: ProcScan, hz: number | undefined, desired?: (serviceKey: string) => KernelService | undefined): ProcTable | undefined {
    const n = scan.hashes.length;
    const blocks = new Array<Parsed>(n);
    const missing: number[] = [];
    for (let i = 0; i < n; i++) {
      const p = this.known.get(scan.hashes[i]!);
      if (p) blocks[i] = p;
      else missing.push(i);
    }
    if (missing.length) {
      const parsed = parseBlocks(bytes, scan, missing);
      if (!parsed) return undefined;
      for (let k = 0; k < missing.length; k++) blocks[missing[k]!] = parsed[k]!;
    }
    // only this read's blocks stay known: the map never outgrows the table
    const known = new Map<number, Parsed>();
    for (let i = 0; i < n; i++) known.set(scan.hashes[i]!, blocks[i]!);
    this.known = known;

    const order = Array.from(blocks.keys()).sort((x, y) => (blocks[x]!.key < blocks[y]!.key ? -1 : blocks[x]!.key > blocks[y]!.key ? 1 : 0));
    const services: KernelService[] = [];
    const persistJiffies = new Map<string, number>();
    for (const i of order) {
      const p = blocks[i]!;
      if (desired && p.jiffies === undefined) intern(p, desired(p.key));
      if (p.jiffies === undefined) services.push(p.service);
      else {
        persistJiffies.set(p.key, p.jiffies);
        if (hz && p.jiffies % hz === 0) {
          if (p.converted?.hz !== hz) p.converted = { hz, service: { ...p.service, persistence: p.jiffies / hz } };
          services.push(p.converted.service);
        } else services.push(p.service);
      }
    }
    return { services, persistJiffies, conns: connLookup(blocks, scan), parsed: missing.length };
  }

  /**
   * The connections of a read whose blocks are all known (its table is the last one's): no
   * parse, and nothing kept of the read's bytes, which the next read overwrites.
   */
  conns(scan: ProcScan): (serviceKey: string, destKey: string) => DestConns | undefined {
    return connLookup(
      scan.hashes.map((h) => this.known.get(h)),
      scan,
    );
  }
}

/**
 * A block whose service the planner would find the same as the desired one takes that very
 * object: a converged director then holds one copy of its table, not the desired one and the
 * one read back. Compared once per desired object. Persistent services are left as read (their
 * /proc form is in jiffies).
 */
function intern(p: Parsed, want: KernelService | undefined): void {
  if (!want || p.service === want || p.comparedWith === want) return;
  p.comparedWith = want;
  if (sameInKernel(p.service, want)) p.service = want;
}

function sameInKernel(a: KernelService, b: KernelService): boolean {
  if (stateServiceKey(b) !== stateServiceKey(a) || !sameServiceSettings(a, b) || a.dests.length !== b.dests.length) return false;
  for (let i = 0; i < a.dests.length; i++) {
    const x = a.dests[i]!;
    const y = b.dests[i]!;
    if (x.address !== y.address || x.port !== y.port || !sameDestSettings(x, y)) return false;
  }
  return true;
}

/** A real server's connections from a read's counts, by the blocks' parsed services. */
function connLookup(blocks: readonly (Parsed | undefined)[], scan: ProcScan): (serviceKey: string, destKey: string) => DestConns | undefined {
  let at: Map<string, number> | undefined;
  const { counts, firstDest } = scan;
  return (serviceKey, destKey) => {
    if (!at) {
      at = new Map();
      blocks.forEach((p, i) => p && at!.set(p.key, i));
    }
    const i = at.get(serviceKey);
    if (i === undefined) return undefined;
    const { service, fileOrder } = blocks[i]!;
    for (let k = 0; k < fileOrder.length; k++) {
      if (stateDestKey(service.dests[fileOrder[k]!]!) !== destKey) continue;
      const c = 2 * (firstDest[i]! + k);
      return { active: counts[c]!, inactive: counts[c + 1]! };
    }
    return undefined;
  };
}

/** The blocks at these indexes, parsed together behind the header (runs of blocks cut out whole). */
function parseBlocks(bytes: Uint8Array, scan: ProcScan, which: readonly number[]): Parsed[] | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const parts = [buf.toString("latin1", 0, scan.headerEnd)];
  for (let k = 0; k < which.length;) {
    let run = k;
    while (run + 1 < which.length && which[run + 1] === which[run]! + 1) run++;
    parts.push(buf.toString("latin1", scan.starts[which[k]!], scan.starts[which[run]! + 1]));
    k = run + 1;
  }
  // hz 1: the parser's "seconds" are then the jiffies as printed
  const r = parseProcIpvs(parts.join(""), { hz: 1 });
  if (!r.ok || r.warnings.some((w) => w.code === "proc.fwmark-family")) return undefined;
  const state = listingToState(r.value);
  if (!state || state.services.length !== which.length) return undefined;
  const out: Parsed[] = [];
  for (let k = 0; k < which.length; k++) {
    const s = state.services[k]!;
    const b = which[k]!;
    // listingToState keeps the listing's real-server order: the block's counts line up with it
    if (s.dests.length !== scan.firstDest[b + 1]! - scan.firstDest[b]!) return undefined;
    const listed = s.dests.slice();
    if (s.dests.length > 1) s.dests.sort((x, y) => cmp(stateDestKey(x), stateDestKey(y)));
    const fileOrder = s.dests.length < 65536 ? new Uint16Array(listed.length) : new Uint32Array(listed.length);
    const at = new Map(s.dests.map((d, i) => [d, i]));
    listed.forEach((d, k) => (fileOrder[k] = at.get(d)!));
    const p: Parsed = { key: stateServiceKey(s), service: s, fileOrder };
    if (s.persistence !== undefined) p.jiffies = s.persistence;
    out.push(p);
  }
  return out;
}

function cmp(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
