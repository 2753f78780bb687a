import type { KernelDest, KernelService } from "../model/ipvs-state.ts";
import { ipv4ToNumber, ipv6Groups } from "./hostport.ts";

/*
 * The order ipvsadm lists and saves in (libipvs ipvs_cmp_services / ipvs_cmp_dests, applied with
 * qsort unless --nosort): fwmark, address family, protocol number, address, port. The address is
 * compared 32 bits at a time as `int r = ntohl(a) - ntohl(b)`, so a difference of 2^31 or more
 * wraps and flips the sign: 192.168.0.1 sorts BEFORE 10.0.0.1. We reproduce that wrap to match
 * ipvsadm byte for byte. When the addresses do not fit in half of the 32-bit circle the
 * comparison is not even transitive and ipvsadm's order depends on the kernel's hash order;
 * there no renderer can match it and ours stays deterministic.
 */

const PROTO: Record<string, number> = { fwmark: 0, tcp: 6, udp: 17, sctp: 132 };
const AF: Record<string, number> = { inet: 2, inet6: 10 };

/** An item with its sort key computed once: IPv4 as one number, IPv6 as four 32-bit words. */
interface Keyed<T> {
  item: T;
  fwmark: number;
  af: number;
  proto: number;
  v4: number;
  v6: number[] | undefined;
  port: number;
}

function v6Words(address: string): number[] {
  const g = ipv6Groups(address);
  return [0, 1, 2, 3].map((i) => (g[2 * i] ?? 0) * 65536 + (g[2 * i + 1] ?? 0));
}

/** C's `int r = (u32)a - (u32)b`. */
function wrapDiff(a: number, b: number): number {
  return (a - b) | 0;
}

function cmpAddr<T>(a: Keyed<T>, b: Keyed<T>): number {
  if (a.v6 === undefined || b.v6 === undefined) return wrapDiff(a.v4, b.v4);
  let r = 0;
  for (let i = 0; r === 0 && i < 4; i++) r = wrapDiff(a.v6[i]!, b.v6[i]!);
  return r;
}

function cmpService<T>(a: Keyed<T>, b: Keyed<T>): number {
  return wrapDiff(a.fwmark, b.fwmark) || a.af - b.af || a.proto - b.proto || cmpAddr(a, b) || a.port - b.port;
}

function cmpDest<T>(a: Keyed<T>, b: Keyed<T>): number {
  return cmpAddr(a, b) || a.port - b.port;
}

function keyed<T>(item: T, address: string | undefined, port: number | undefined, fwmark: number, af: number, proto: number): Keyed<T> {
  const six = address !== undefined && address.includes(":");
  return { item, fwmark, af, proto, v4: address && !six ? ipv4ToNumber(address) : 0, v6: six ? v6Words(address) : undefined, port: port ?? 0 };
}

export function ipvsadmServiceOrder<S extends Pick<KernelService, "protocol" | "family" | "address" | "port" | "fwmark">>(services: readonly S[]): S[] {
  const k = services.map((s) => keyed(s, s.address, s.port, s.fwmark ?? 0, AF[s.family] ?? 0, PROTO[s.protocol] ?? 0));
  if (!isSorted(k, cmpService)) k.sort(cmpService);
  return k.map((x) => x.item);
}

function isSorted<T>(k: Keyed<T>[], cmp: (a: Keyed<T>, b: Keyed<T>) => number): boolean {
  for (let i = 1; i < k.length; i++) if (cmp(k[i - 1]!, k[i]!) > 0) return false;
  return true;
}

// Scratch space for ordering one service's real servers without allocating per real server.
let scratchIp = new Uint32Array(64);
let scratchPort = new Uint16Array(64);
let scratchIdx = new Uint32Array(64);

/** The real servers in ipvsadm's order: the same array when it is in that order already. */
export function ipvsadmDestOrder<D extends Pick<KernelDest, "address" | "port">>(dests: readonly D[]): readonly D[] {
  const n = dests.length;
  if (n < 2) return dests;
  if (n > 256) return generalDestOrder(dests);
  if (scratchIp.length < n) {
    scratchIp = new Uint32Array(n * 2);
    scratchPort = new Uint16Array(n * 2);
    scratchIdx = new Uint32Array(n * 2);
  }
  const ip = scratchIp;
  const port = scratchPort;
  const idx = scratchIdx;
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const v4 = ipv4ToNumber(dests[i]!.address);
    if (v4 < 0) return generalDestOrder(dests);
    ip[i] = v4;
    port[i] = dests[i]!.port;
    idx[i] = i;
    // ipvs_cmp_dests: the address difference wraps as a C int, then the port decides
    if (i > 0 && ((ip[i - 1]! - ip[i]!) | 0 || port[i - 1]! - port[i]!) > 0) sorted = false;
  }
  if (sorted) return dests;
  // insertion sort (a service has few real servers)
  for (let i = 1; i < n; i++) {
    const cur = idx[i]!;
    let j = i - 1;
    while (j >= 0 && ((ip[idx[j]!]! - ip[cur]!) | 0 || port[idx[j]!]! - port[cur]!) > 0) {
      idx[j + 1] = idx[j]!;
      j--;
    }
    idx[j + 1] = cur;
  }
  const out = new Array<D>(n);
  for (let i = 0; i < n; i++) out[i] = dests[idx[i]!]!;
  return out;
}

function generalDestOrder<D extends Pick<KernelDest, "address" | "port">>(dests: readonly D[]): D[] {
  const k = dests.map((d) => keyed(d, d.address, d.port, 0, 0, 0));
  k.sort(cmpDest);
  return k.map((x) => x.item);
}
