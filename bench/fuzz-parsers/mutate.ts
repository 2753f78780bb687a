import type { Rng } from "./rng.ts";

/** Characters parsers of these formats treat specially, plus some they should never see. */
const ALPHABET = [..."abcdefghijklmnopqrstuvwxyz0123456789 \t\n", ..."{}[]():;,.=-_/\\\"'#!*%$@<>|&~", "\r", "\0", "\u00a0", "\ufeff", "\u2028", "é", "中", "😀", "\ud800"];

/** Tokens that sit on the boundaries of what the formats allow. */
const INTERESTING = [
  "",
  "0",
  "-1",
  "1",
  "65535",
  "65536",
  "4294967295",
  "4294967296",
  "99999999999999999999",
  "1e309",
  "NaN",
  "-0",
  "0x10",
  "0.0.0.0",
  "255.255.255.255",
  "256.1.1.1",
  "::",
  "::1",
  "[::1]",
  "[::1]:80",
  "1.2.3.4:",
  ":80",
  "[",
  "]",
  "{",
  "}",
  '"',
  "'",
  "#",
  "!",
  "-A",
  "-a",
  "-t",
  "-u",
  "-f",
  "-s",
  "-g",
  "-i",
  "-m",
  "-w",
  "-p",
  "-M",
  "--tun-type",
  "gue",
  "fwmark",
  "virtual_server",
  "real_server",
  "TCP_CHECK",
  "HTTP_GET",
  "vrrp_instance",
  "include",
  "lb_kind",
  "DR",
  "NAT",
  "TUN",
  "virtual",
  "server",
  "active",
  "weight",
  "=",
  "primary",
  "backup",
  "service",
  '"format"',
  '"shoal-backup"',
  '"version"',
  "null",
  "true",
  "__proto__",
  "constructor",
  "x".repeat(300),
  "TCP",
  "UDP",
  "FWM",
  "->",
  "Route",
  "Masq",
  "Tunnel",
];

function randomChar(r: Rng): string {
  return r.chance(0.05) ? String.fromCharCode(r.int(0x10000)) : r.pick(ALPHABET);
}

export function arbitraryString(r: Rng, tokens: readonly string[]): string {
  const kind = r.int(3);
  if (kind === 0) {
    // Plain noise.
    let s = "";
    const len = r.int(r.chance(0.1) ? 2000 : 120);
    for (let i = 0; i < len; i++) s += randomChar(r);
    return s;
  }
  // Token soup: words of the real formats in random order, which gets past the first check.
  const lines: string[] = [];
  const n = r.int(20);
  for (let l = 0; l < n; l++) {
    const words: string[] = [];
    const w = 1 + r.int(7);
    for (let k = 0; k < w; k++) words.push(r.chance(0.2) || tokens.length === 0 ? r.pick(INTERESTING) : r.pick(tokens));
    lines.push((r.chance(0.3) ? "  " : "") + words.join(r.chance(0.9) ? " " : "\t"));
  }
  return lines.join(r.chance(0.9) ? "\n" : "\r\n");
}

type Mutation = (s: string, r: Rng, seeds: readonly string[]) => string;

const MUTATIONS: Record<string, Mutation> = {
  flipChar: (s, r) => {
    if (!s.length) return randomChar(r);
    const i = r.int(s.length);
    return s.slice(0, i) + randomChar(r) + s.slice(i + 1);
  },
  flipBits: (s, r) => {
    if (!s.length) return s;
    const i = r.int(s.length);
    return s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ (1 << r.int(8))) + s.slice(i + 1);
  },
  insertChars: (s, r) => {
    const i = r.int(s.length + 1);
    let add = "";
    for (let k = 1 + r.int(8); k > 0; k--) add += randomChar(r);
    return s.slice(0, i) + add + s.slice(i);
  },
  deleteRange: (s, r) => {
    const i = r.int(s.length + 1);
    return s.slice(0, i) + s.slice(i + 1 + r.int(20));
  },
  truncate: (s, r) => s.slice(0, r.int(s.length + 1)),
  deleteLine: (s, r) =>
    withLines(s, (ls) => {
      ls.splice(r.int(ls.length), 1);
    }),
  duplicateLine: (s, r) =>
    withLines(s, (ls) => {
      const i = r.int(ls.length);
      ls.splice(i, 0, ls[i] ?? "");
    }),
  swapLines: (s, r) =>
    withLines(s, (ls) => {
      const i = r.int(ls.length),
        j = r.int(ls.length);
      [ls[i], ls[j]] = [ls[j]!, ls[i]!];
    }),
  swapTokens: (s, r) =>
    withTokens(s, (ts) => {
      const i = r.int(ts.length),
        j = r.int(ts.length);
      [ts[i], ts[j]] = [ts[j]!, ts[i]!];
    }),
  replaceToken: (s, r) =>
    withTokens(s, (ts) => {
      ts[r.int(ts.length)] = r.pick(INTERESTING);
    }),
  numberEdge: (s, r) => {
    const nums = [...s.matchAll(/\d+/g)];
    if (!nums.length) return s;
    const m = r.pick(nums);
    return s.slice(0, m.index) + r.pick(["0", "-1", "65536", "4294967296", "99999999999999999999", "1.5", "1e5", ""]) + s.slice(m.index + m[0].length);
  },
  splice: (s, r, seeds) => {
    const other = r.pick(seeds);
    return s.slice(0, r.int(s.length + 1)) + other.slice(r.int(other.length + 1));
  },
  dropBrace: (s, r) => {
    const at = [...s.matchAll(/[{}[\]"]/g)];
    if (!at.length) return s;
    const m = r.pick(at);
    return s.slice(0, m.index) + s.slice(m.index + 1);
  },
};
export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** 1 to 4 stacked mutations of one seed. */
export function mutate(seed: string, r: Rng, seeds: readonly string[]): string {
  let s = seed;
  for (let n = 1 + r.int(4); n > 0; n--) s = MUTATIONS[r.pick(MUTATION_NAMES)]!(s, r, seeds);
  return s;
}

function withLines(s: string, edit: (lines: string[]) => void): string {
  const ls = s.split("\n");
  edit(ls);
  return ls.join("\n");
}

function withTokens(s: string, edit: (tokens: string[]) => void): string {
  // Keep the separators so the edit changes one token and nothing else.
  const parts = s.split(/(\s+)/);
  const idx = parts.map((p, i) => (/^\s*$/.test(p) ? -1 : i)).filter((i) => i >= 0);
  if (!idx.length) return s;
  const tokens = idx.map((i) => parts[i]!);
  edit(tokens);
  idx.forEach((i, k) => {
    parts[i] = tokens[k] ?? "";
  });
  return parts.join("");
}

export function tokensOf(texts: readonly string[]): string[] {
  const set = new Set<string>();
  for (const t of texts) for (const w of t.split(/\s+/)) if (w && w.length < 60) set.add(w);
  return [...set];
}
