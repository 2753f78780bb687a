import type { ListedDest, ListedService } from "./listing.ts";

/*
 * The two line shapes that make up nearly all of a large /proc/net/ip_vs, read by char codes:
 *   "TCP  0A010064:0050 wrr " / "... wrr persistent 75000 FFFFFFFF"   (IPv4 services)
 *   "  -> C0A80001:1F90      Masq    1      0          0         "    (IPv4 real servers)
 * The agent reads 110,000 such lines every reconcile, where the general tokenizer (a token object
 * per word, regexes per number) took ~0.3 s on the host and seconds in the lab kernel. Anything
 * else (IPv6, FWM, "ops", odd spacing, a bad value) returns undefined and goes through the general
 * path, which also says what is wrong: the fast path never decides about an error.
 */

const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[65 + i] = 10 + i;
  HEX[97 + i] = 10 + i;
}

/** n hex digits at `at`, or -1. */
function hexAt(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(at + i);
    const d = c < 128 ? HEX[c]! : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

function skipSpaces(s: string, at: number, to: number): number {
  while (at < to && s.charCodeAt(at) === 32) at++;
  return at;
}

function wordEnd(s: string, at: number, to: number): number {
  while (at < to && s.charCodeAt(at) > 32) at++;
  return at;
}

/** Where the last decimal()/hostPort() read stopped: no tuple per number on 110,000 lines. */
let end = 0;

/** Decimal digits from `at` up to a space or the end (sets `end`), or -1. */
function decimal(s: string, at: number, to: number, maxDigits: number): number {
  let v = 0;
  let i = at;
  for (; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) break;
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  end = i;
  return i === at || i - at > maxDigits ? -1 : v;
}

const dotted = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/** "HHHHHHHH:PPPP" at `at`: the address (the port in `port`), or undefined. */
let port = 0;
function hostAt(s: string, at: number, to: number): string | undefined {
  if (at + 13 > to) return undefined;
  const a = hexAt(s, at, 8);
  if (a < 0 || s.charCodeAt(at + 8) !== 58) return undefined;
  port = hexAt(s, at + 9, 4);
  if (port < 0 || (at + 13 < to && s.charCodeAt(at + 13) !== 32)) return undefined;
  return dotted(a);
}

const FORWARD: Record<string, ListedDest["forwarding"]> = { Masq: "masq", Route: "route", Tunnel: "tunnel" };

/** The line s[from, to): "  -> HHHHHHHH:PPPP  Forward Weight Active InAct" (IPv4), else undefined. */
export function fastProcDest(s: string, from: number, to: number): ListedDest | undefined {
  if (!s.startsWith("  -> ", from)) return undefined;
  const address = hostAt(s, from + 5, to);
  if (address === undefined) return undefined;
  const p = port;
  let at = skipSpaces(s, from + 18, to);
  const fEnd = wordEnd(s, at, to);
  const forwarding = FORWARD[s.slice(at, fEnd)];
  if (!forwarding) return undefined;
  at = skipSpaces(s, fEnd, to);
  if (at === fEnd) return undefined;
  const weight = decimal(s, at, to, 10);
  if (weight < 0) return undefined;
  at = skipSpaces(s, end, to);
  if (at === end) return undefined;
  const activeConns = decimal(s, at, to, 10);
  if (activeConns < 0) return undefined;
  at = skipSpaces(s, end, to);
  if (at === end) return undefined;
  const inactiveConns = decimal(s, at, to, 10);
  if (inactiveConns < 0 || skipSpaces(s, end, to) !== to) return undefined;
  return { address, port: p, weight, activeConns, inactiveConns, forwarding };
}

/**
 * The line s[from, to) as an IPv4 TCP/UDP service without "ops": the service and, when
 * persistent, its raw jiffies and the netmask as printed (the caller converts both), else undefined.
 */
export function fastProcService(s: string, from: number, to: number): { svc: ListedService; jiffies?: number; mask?: number } | undefined {
  const protocol = s.startsWith("TCP  ", from) ? "tcp" : s.startsWith("UDP  ", from) ? "udp" : undefined;
  if (!protocol) return undefined;
  const address = hostAt(s, from + 5, to);
  if (address === undefined) return undefined;
  const schedStart = from + 19;
  if (s.charCodeAt(from + 18) !== 32) return undefined;
  const schedEnd = wordEnd(s, schedStart, to);
  if (schedEnd === schedStart) return undefined;
  const svc: ListedService = { protocol, family: "inet", address, port, dests: [], scheduler: s.slice(schedStart, schedEnd), schedFlags: [], onePacket: false };
  let at = skipSpaces(s, schedEnd, to);
  if (at === to) return { svc };
  if (!s.startsWith("persistent ", at)) return undefined;
  const jiffies = decimal(s, at + 11, to, 12);
  if (jiffies < 0 || end >= to || s.charCodeAt(end) !== 32) return undefined;
  if (end + 9 > to) return undefined;
  const mask = hexAt(s, end + 1, 8);
  if (mask < 0) return undefined;
  at = skipSpaces(s, end + 9, to);
  if (at !== to) return undefined;
  return { svc, jiffies, mask };
}
