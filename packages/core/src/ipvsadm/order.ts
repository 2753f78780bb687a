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

interface Keyed<T> {
  item: T;
  fwmark: number;
  af: number;
  proto: number;
  words: number[];
  port: number;
}

function words(address: string | undefined, family: string): number[] {
  if (!address) return [0];
  if (family === "inet6" || address.includes(":")) {
    const g = ipv6Groups(address);
    return [0, 1, 2, 3].map((i) => (g[2 * i] ?? 0) * 65536 + (g[2 * i + 1] ?? 0));
  }
  return [ipv4ToNumber(address)];
}

/** C's `int r = (u32)a - (u32)b`. */
function wrapDiff(a: number, b: number): number {
  return (a - b) | 0;
}

function cmpWords(a: number[], b: number[]): number {
  let r = 0;
  for (let i = 0; r === 0 && i < a.length; i++) r = wrapDiff(a[i]!, b[i] ?? 0);
  return r;
}

function cmpKeyed<T>(a: Keyed<T>, b: Keyed<T>): number {
  return wrapDiff(a.fwmark, b.fwmark) || a.af - b.af || a.proto - b.proto || cmpWords(a.words, b.words) || a.port - b.port;
}

export function ipvsadmServiceOrder<S extends Pick<KernelService, "protocol" | "family" | "address" | "port" | "fwmark">>(services: readonly S[]): S[] {
  const keyed = services.map(
    (s): Keyed<S> => ({
      item: s,
      fwmark: s.fwmark ?? 0,
      af: AF[s.family] ?? 0,
      proto: PROTO[s.protocol] ?? 0,
      words: words(s.address, s.family),
      port: s.port ?? 0,
    }),
  );
  keyed.sort(cmpKeyed);
  return keyed.map((k) => k.item);
}

export function ipvsadmDestOrder<D extends Pick<KernelDest, "address" | "port">>(dests: readonly D[]): D[] {
  if (dests.length < 2) return dests.slice();
  const keyed = dests.map((d): Keyed<D> => ({ item: d, fwmark: 0, af: 0, proto: 0, words: words(d.address, ""), port: d.port }));
  keyed.sort((a, b) => cmpWords(a.words, b.words) || a.port - b.port);
  return keyed.map((k) => k.item);
}
