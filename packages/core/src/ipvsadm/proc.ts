import type { ParseResult } from "../diagnostics.ts";
import { maskToPrefix } from "../model/address.ts";
import type { Counters, Rates } from "../model/ipvs-state.ts";
import { readAddress } from "./hostport.ts";
import type { IpvsListing, ListedDest, ListedService } from "./listing.ts";
import { fastProcDest, fastProcService } from "./proc-fast.ts";
import { neverThrow, type Reporter } from "./report.ts";
import { quote, splitLines, tokenize, type Token } from "./text.ts";

export interface ProcIpvsOptions {
  /** The kernel's CONFIG_HZ: /proc shows persistence timeouts in jiffies. Debian's kernels use 250. */
  hz?: number;
}

const FORWARD: Record<string, "masq" | "route" | "tunnel" | undefined> = { Masq: "masq", Route: "route", Tunnel: "tunnel", Local: undefined };
const PROTOCOLS: Record<string, "tcp" | "udp" | "sctp"> = { TCP: "tcp", UDP: "udp", SCTP: "sctp" };

function hex(text: string, digits: number): number | undefined {
  return text.length > 0 && text.length <= digits && /^[0-9A-Fa-f]+$/.test(text) ? parseInt(text, 16) : undefined;
}

/** "0A090064:0050" or "[2001:0db8:...:0100]:01BB" (kernel ip_vs_info_seq_show). */
function readHexHostPort(text: string): { address: string; family: "inet" | "inet6"; port: number } | undefined {
  const colon = text.lastIndexOf(":");
  if (colon < 0) return undefined;
  const port = hex(text.slice(colon + 1), 4);
  if (port === undefined) return undefined;
  const host = text.slice(0, colon);
  if (host.startsWith("[") && host.endsWith("]")) {
    const a = readAddress(host.slice(1, -1));
    return a?.family === "inet6" ? { ...a, port } : undefined;
  }
  const n = host.length === 8 ? hex(host, 8) : undefined;
  if (n === undefined) return undefined;
  return { address: [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join("."), family: "inet", port };
}

/** Offset just past the n-th newline (or the end): the header lines only. */
function nthLineEnd(text: string, n: number): number {
  let at = 0;
  for (let k = 0; k < n; k++) {
    const nl = text.indexOf("\n", at);
    if (nl < 0) return text.length;
    at = nl + 1;
  }
  return at;
}

function byteSwap32(n: number): number {
  return (((n & 0xff) << 24) | ((n & 0xff00) << 8) | ((n >>> 8) & 0xff00) | (n >>> 24)) >>> 0;
}

/**
 * /proc/net/ip_vs. It shows less than ipvsadm: no scheduler flags, no tunnel details, no
 * thresholds, no one-packet flag on IPv6 services, and not the family of a fwmark service (taken
 * from its real servers here, with a warning when they do not tell). Persistence comes in jiffies
 * and is converted with `hz`. Services come in the kernel's hash order.
 */
export function parseProcIpvs(text: string, opts: ProcIpvsOptions = {}): ParseResult<IpvsListing> {
  const hz = opts.hz ?? 250;
  text = String(text);
  return neverThrow((r) => {
    const lines = splitLines(text.slice(0, nthLineEnd(text, 3)));
    const listing: IpvsListing = { columns: "connections", exact: true, services: [] };
    const ver = /^IP Virtual Server version (\S+) \(size=(\d+)\)$/.exec(lines[0] ?? "");
    if (!ver) {
      r.error(
        "proc.header",
        {
          en: `expected "IP Virtual Server version X (size=N)", found ${quote(lines[0] ?? "")}`,
          zh: `应为 "IP Virtual Server version X (size=N)"，实际为 ${quote(lines[0] ?? "")}`,
        },
        1,
        1,
      );
      return listing;
    }
    listing.version = ver[1]!;
    listing.connTableSize = Number(ver[2]);
    if (!(lines[1] ?? "").startsWith("Prot LocalAddress:Port") || !(lines[2] ?? "").startsWith("  -> RemoteAddress:Port")) {
      const bad = (lines[1] ?? "").startsWith("Prot") ? 3 : 2;
      r.error("proc.header", { en: "expected the two column header lines of /proc/net/ip_vs", zh: "应为 /proc/net/ip_vs 的两行列标题" }, bad, 1);
      return listing;
    }
    let svc: ListedService | undefined;
    /** fwmark services: their family is only known from their real servers. */
    const unsure = new Map<ListedService, number>();
    // Lines are read in place (offsets into the text) so the common ones never become strings;
    // only lines the fast path does not take are cut out and tokenized.
    let pos = 0;
    for (let k = 0; k < 3; k++) pos = text.indexOf("\n", pos) + 1;
    for (let i = 3; pos > 0 && pos < text.length; i++) {
      const ln = i + 1;
      const nl = text.indexOf("\n", pos);
      const next = nl < 0 ? text.length : nl + 1;
      const to = nl < 0 ? text.length : text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      const from = pos;
      pos = next;
      if (svc && text.charCodeAt(from) === 32) {
        const d = fastProcDest(text, from, to);
        if (d) {
          svc.dests.push(d);
          continue;
        }
      } else {
        const f = fastProcService(text, from, to);
        if (f) {
          svc = f.svc;
          if (f.jiffies !== undefined) {
            svc.persistence = Math.max(1, Math.round(f.jiffies / hz));
            rawMask.set(svc, f.mask!);
            fixNetmask(svc);
          }
          listing.services.push(svc);
          continue;
        }
      }
      const toks = tokenize(text.slice(from, to));
      if (!toks.length) continue;
      if (toks[0]!.text === "->") {
        if (!svc) {
          r.error("proc.orphan-dest", { en: "a real server line before any service line", zh: "真实服务器行出现在任何服务行之前" }, ln, toks[0]!.column);
          continue;
        }
        const d = readDest(r, ln, toks);
        if (d) svc.dests.push(d.dest);
        continue;
      }
      svc = readService(r, ln, toks, hz);
      if (svc) {
        listing.services.push(svc);
        if (svc.protocol === "fwmark") unsure.set(svc, ln);
      }
    }
    for (const [s, ln] of unsure) {
      const fams = new Set(s.dests.map((d) => (d.address.includes(":") ? "inet6" : "inet")));
      if (fams.size === 1) s.family = [...fams][0] as "inet" | "inet6";
      else {
        s.family = "inet";
        r.warn(
          "proc.fwmark-family",
          {
            en: `/proc/net/ip_vs does not say whether fwmark ${s.fwmark} is IPv4 or IPv6; assumed IPv4`,
            zh: `/proc/net/ip_vs 未表明防火墙标记 ${s.fwmark} 是 IPv4 还是 IPv6；按 IPv4 处理`,
          },
          ln,
          1,
        );
        s.family = "inet";
      }
      fixNetmask(s);
    }
    return listing;
  });
}

/** /proc prints ntohl(netmask): a v4 mask, or for v6 the prefix length byte-swapped. */
const rawMask = new WeakMap<ListedService, number>();
function fixNetmask(s: ListedService): void {
  const raw = rawMask.get(s);
  if (raw === undefined) return;
  let prefix: number | undefined;
  if (s.family === "inet6") prefix = byteSwap32(raw);
  else prefix = maskToPrefix([raw >>> 24, (raw >>> 16) & 255, (raw >>> 8) & 255, raw & 255].join("."));
  delete s.persistenceNetmask;
  if (prefix !== undefined && prefix !== (s.family === "inet6" ? 128 : 32)) s.persistenceNetmask = prefix;
}

function readService(r: Reporter, ln: number, toks: Token[], hz: number): ListedService | undefined {
  const first = toks[0]!;
  const a = toks[1];
  let svc: ListedService;
  if (first.text === "FWM") {
    const mark = a ? hex(a.text, 8) : undefined;
    if (!mark) {
      r.error(
        "proc.bad-fwmark",
        { en: `expected an 8-digit hex firewall mark after FWM, found ${quote(a?.text ?? "")}`, zh: `FWM 之后应为 8 位十六进制防火墙标记，实际为 ${quote(a?.text ?? "")}` },
        ln,
        (a ?? first).column,
      );
      return undefined;
    }
    svc = { protocol: "fwmark", family: "inet", fwmark: mark, dests: [] };
  } else {
    const protocol = PROTOCOLS[first.text];
    if (!protocol) {
      r.error(
        "proc.bad-protocol",
        { en: `expected TCP, UDP, SCTP, FWM or "  ->", found ${quote(first.text)}`, zh: `应为 TCP、UDP、SCTP、FWM 或 "  ->"，实际为 ${quote(first.text)}` },
        ln,
        first.column,
      );
      return undefined;
    }
    const hp = a ? readHexHostPort(a.text) : undefined;
    if (!hp) {
      r.error(
        "proc.bad-address",
        {
          en: `expected HEXADDR:HEXPORT (e.g. 0A000001:0050) or [IPv6]:HEXPORT, found ${quote(a?.text ?? "")}`,
          zh: `应为 十六进制地址:十六进制端口（如 0A000001:0050）或 [IPv6]:十六进制端口，实际为 ${quote(a?.text ?? "")}`,
        },
        ln,
        (a ?? first).column,
      );
      return undefined;
    }
    svc = { protocol, family: hp.family, address: hp.address, port: hp.port, dests: [] };
  }
  const sched = toks[2];
  if (!sched) {
    r.error("proc.missing-scheduler", { en: "expected the scheduler name", zh: "缺少调度算法名" }, ln, a!.column + a!.text.length);
    return undefined;
  }
  svc.scheduler = sched.text;
  svc.schedFlags = [];
  svc.onePacket = false;
  let k = 3;
  if (toks[k]?.text === "ops") {
    svc.onePacket = true;
    k++;
  }
  if (toks[k]?.text === "persistent") {
    const j = toks[k + 1];
    const m = toks[k + 2];
    const jiffies = j && /^\d{1,12}$/.test(j.text) ? Number(j.text) : undefined;
    const mask = m ? hex(m.text, 8) : undefined;
    if (jiffies === undefined || mask === undefined) {
      r.error("proc.bad-persistence", { en: 'expected "persistent JIFFIES HEXMASK"', zh: '应为 "persistent 节拍数 十六进制掩码"' }, ln, (j ?? toks[k]!).column);
      return undefined;
    }
    svc.persistence = Math.max(1, Math.round(jiffies / hz));
    rawMask.set(svc, mask);
    if (svc.protocol !== "fwmark") fixNetmask(svc);
    k += 3;
  }
  if (toks[k]) {
    r.error(
      "proc.extra",
      { en: `unexpected ${quote(toks[k]!.text)} (expected "ops" or "persistent ...")`, zh: `意外内容 ${quote(toks[k]!.text)}（应为 "ops" 或 "persistent ..."）` },
      ln,
      toks[k]!.column,
    );
    return undefined;
  }
  return svc;
}

function readDest(r: Reporter, ln: number, toks: Token[]): { dest: ListedDest } | undefined {
  const a = toks[1];
  const hp = a ? readHexHostPort(a.text) : undefined;
  if (!hp) {
    r.error(
      "proc.bad-address",
      {
        en: `expected HEXADDR:HEXPORT or [IPv6]:HEXPORT after "->", found ${quote(a?.text ?? "")}`,
        zh: `"->" 之后应为 十六进制地址:十六进制端口 或 [IPv6]:十六进制端口，实际为 ${quote(a?.text ?? "")}`,
      },
      ln,
      (a ?? toks[0]!).column,
    );
    return undefined;
  }
  const f = toks[2];
  if (!f || !(f.text in FORWARD)) {
    r.error(
      "proc.bad-forward",
      { en: `expected Masq, Route, Tunnel or Local, found ${quote(f?.text ?? "")}`, zh: `应为 Masq、Route、Tunnel 或 Local，实际为 ${quote(f?.text ?? "")}` },
      ln,
      (f ?? a!).column,
    );
    return undefined;
  }
  const nums: number[] = [];
  const names = ["Weight", "ActiveConn", "InActConn"];
  for (let k = 0; k < 3; k++) {
    const t = toks[3 + k];
    if (!t || !/^-?\d{1,10}$/.test(t.text)) {
      r.error(
        "proc.bad-number",
        { en: `column ${names[k]}: expected a number, found ${quote(t?.text ?? "")}`, zh: `列 ${names[k]}：应为数字，实际为 ${quote(t?.text ?? "")}` },
        ln,
        (t ?? f).column,
      );
      return undefined;
    }
    nums.push(Math.max(0, Number(t.text)));
  }
  if (toks[6]) {
    r.error("proc.extra", { en: `unexpected ${quote(toks[6].text)} after the last column`, zh: `最后一列之后出现多余内容 ${quote(toks[6].text)}` }, ln, toks[6].column);
    return undefined;
  }
  const dest: ListedDest = { address: hp.address, port: hp.port, weight: nums[0]!, activeConns: nums[1]!, inactiveConns: nums[2]! };
  const fwd = FORWARD[f.text];
  if (fwd) dest.forwarding = fwd;
  else dest.local = true;
  return { dest };
}

export interface ProcIpvsStats {
  /** Totals since the module was loaded. */
  totals: Counters;
  /** Current per-second estimates. */
  rates: Rates;
}

/** /proc/net/ip_vs_stats: two blocks of five hex numbers under fixed headers. */
export function parseProcIpvsStats(text: string): ParseResult<ProcIpvsStats> {
  return neverThrow((r) => {
    const lines = splitLines(String(text));
    const rows: number[][] = [];
    const expect: { at: number; label: string; re: RegExp }[] = [
      { at: 0, label: "Total Incoming Outgoing ...", re: /^\s*Total\s+Incoming\s+Outgoing\s+Incoming\s+Outgoing\s*$/ },
      { at: 1, label: "Conns Packets Packets Bytes Bytes", re: /^\s*Conns\s+Packets\s+Packets\s+Bytes\s+Bytes\s*$/ },
      { at: 4, label: "Conns/s Pkts/s Pkts/s Bytes/s Bytes/s", re: /^\s*Conns\/s\s+Pkts\/s\s+Pkts\/s\s+Bytes\/s\s+Bytes\/s\s*$/ },
    ];
    for (const e of expect) {
      if (!e.re.test(lines[e.at] ?? "")) {
        const found = lines[e.at] === undefined ? { en: "the end of the text", zh: "文本结尾" } : { en: quote(lines[e.at]!), zh: quote(lines[e.at]!) };
        r.error(
          "proc-stats.header",
          { en: `expected the header "${e.label}", found ${found.en}`, zh: `应为表头 "${e.label}"，实际为 ${found.zh}` },
          Math.min(e.at + 1, lines.length + 1),
          1,
        );
        return { totals: zeroCounters(), rates: { cps: 0, inPps: 0, outPps: 0, inBps: 0, outBps: 0 } };
      }
    }
    for (const at of [2, 5]) {
      const toks = tokenize(lines[at] ?? "");
      const row: number[] = [];
      for (let k = 0; k < 5; k++) {
        const t = toks[k];
        const n = t ? hex(t.text, 16) : undefined;
        if (n === undefined) {
          r.error(
            "proc-stats.bad-number",
            { en: `expected five hexadecimal numbers, found ${quote(t?.text ?? "")}`, zh: `应为五个十六进制数，实际为 ${quote(t?.text ?? "")}` },
            Math.min(at + 1, lines.length + 1),
            t?.column ?? 1,
          );
          break;
        }
        row.push(n);
      }
      if (toks[5])
        r.error("proc-stats.extra", { en: `unexpected ${quote(toks[5].text)} after five numbers`, zh: `五个数字之后出现多余内容 ${quote(toks[5].text)}` }, at + 1, toks[5].column);
      rows.push(row);
    }
    for (let i = 6; i < lines.length; i++) {
      if (lines[i]!.trim()) r.warn("proc-stats.extra-line", { en: "unexpected extra line ignored", zh: "忽略多余的行" }, i + 1, 1);
    }
    const [t, q] = rows as [number[], number[]];
    return {
      totals: { conns: t[0] ?? 0, inPkts: t[1] ?? 0, outPkts: t[2] ?? 0, inBytes: t[3] ?? 0, outBytes: t[4] ?? 0 },
      rates: { cps: q[0] ?? 0, inPps: q[1] ?? 0, outPps: q[2] ?? 0, inBps: q[3] ?? 0, outBps: q[4] ?? 0 },
    };
  });
}

function zeroCounters(): Counters {
  return { conns: 0, inPkts: 0, outPkts: 0, inBytes: 0, outBytes: 0 };
}
