import type { ParseResult } from "../diagnostics.ts";
import { maskToPrefix } from "../model/address.ts";
import type { SchedFlag, TunnelCsum } from "../model/enums.ts";
import { parseHostPort, readAddress } from "./hostport.ts";
import type { IpvsListing, ListColumns, ListedDest, ListedService } from "./listing.ts";
import { neverThrow, type Reporter } from "./report.ts";
import { parseIntIn, quote, splitLines, tokenize, type Token } from "./text.ts";

const FORWARD: Record<string, "masq" | "route" | "tunnel" | undefined> = { Masq: "masq", Route: "route", Tunnel: "tunnel", Local: undefined };
const PROTOCOLS: Record<string, "tcp" | "udp" | "sctp"> = { TCP: "tcp", UDP: "udp", SCTP: "sctp" };
const UNIT: Record<string, number> = { "": 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };
const TUN_CSUM: Record<string, TunnelCsum> = { "-c": "nocsum", "+c": "csum", "r+c": "remcsum" };
const U32 = 4_294_967_295;

/** Dest-line column names per listing, for messages. */
const DEST_COLUMNS: Record<ListColumns, string[]> = {
  connections: ["Forward", "Weight", "ActiveConn", "InActConn"],
  "tun-info": ["Forward", "TunnelInfo", "Weight", "ActiveConn", "InActConn"],
  thresholds: ["Uthreshold", "Lthreshold", "ActiveConn", "InActConn"],
  "persistent-conn": ["Weight", "PersistConn", "ActiveConn", "InActConn"],
  stats: ["Conns", "InPkts", "OutPkts", "InBytes", "OutBytes"],
  rate: ["CPS", "InPPS", "OutPPS", "InBPS", "OutBPS"],
};

/**
 * `ipvsadm -Ln` output, plain or with --stats, --rate (either with or without --exact),
 * --thresholds, --persistent-conn or --tun-info (one of them; ipvsadm shows one column set).
 * Numeric output only (-n). Never throws; every error names line, column and what was expected.
 */
export function parseIpvsadmList(text: string): ParseResult<IpvsListing> {
  return neverThrow((r) => {
    const lines = splitLines(String(text));
    const listing: IpvsListing = { columns: "connections", exact: true, services: [] };
    let i = 0;
    const ver = /^IP Virtual Server version (\S+) \(size=(\d+)\)$/.exec(lines[0] ?? "");
    if (ver) {
      listing.version = ver[1]!;
      listing.connTableSize = Number(ver[2]);
      i = 1;
    }
    const head = lines[i] ?? "";
    if (!head.startsWith("Prot LocalAddress:Port")) {
      r.error(
        "list.header",
        {
          en: `expected the "Prot LocalAddress:Port ..." header of ipvsadm -Ln, found ${quote(head)}`,
          zh: `应为 ipvsadm -Ln 的 "Prot LocalAddress:Port ..." 表头，实际为 ${quote(head)}`,
        },
        i + 1,
        1,
      );
      return listing;
    }
    const destHead = lines[i + 1] ?? "";
    if (!destHead.startsWith("  -> RemoteAddress:Port")) {
      r.error(
        "list.header",
        { en: `expected the "  -> RemoteAddress:Port ..." header line, found ${quote(destHead)}`, zh: `应为 "  -> RemoteAddress:Port ..." 表头行，实际为 ${quote(destHead)}` },
        i + 2,
        1,
      );
      return listing;
    }
    listing.columns = / Conns /.test(head)
      ? "stats"
      : / CPS /.test(head)
        ? "rate"
        : /Uthreshold/.test(head)
          ? "thresholds"
          : /PersistConn/.test(head)
            ? "persistent-conn"
            : /TunnelInfo/.test(destHead)
              ? "tun-info"
              : "connections";
    let svc: ListedService | undefined;
    for (i += 2; i < lines.length; i++) {
      const ln = i + 1;
      const toks = tokenize(lines[i]!);
      if (toks.length === 0) continue;
      if (toks[0]!.text === "->") {
        if (!svc) {
          r.error("list.orphan-dest", { en: "a real server line before any virtual service line", zh: "真实服务器行出现在任何虚拟服务行之前" }, ln, toks[0]!.column);
          continue;
        }
        const d = readDest(r, ln, toks, listing);
        if (d) svc.dests.push(d);
        continue;
      }
      const s = readService(r, ln, toks, listing);
      if (s) listing.services.push(s);
      svc = s;
    }
    return listing;
  });
}

/** "1234", or ipvsadm's abbreviated "1234K"/"12M"/...; undefined when neither. */
function readCount(t: Token, listing: IpvsListing): number | undefined {
  const m = /^(\d{1,20})([KMGT]?)$/.exec(t.text);
  if (!m) return undefined;
  if (m[2]) listing.exact = false;
  return Number(m[1]) * UNIT[m[2]!]!;
}

function readNumbers(r: Reporter, ln: number, toks: Token[], from: number, names: string[], listing: IpvsListing): number[] | undefined {
  const out: number[] = [];
  for (let k = 0; k < names.length; k++) {
    const t = toks[from + k];
    if (!t) {
      const last = toks[toks.length - 1]!;
      r.error("list.missing-column", { en: `missing column ${names[k]}`, zh: `缺少列 ${names[k]}` }, ln, last.column + last.text.length);
      return undefined;
    }
    const n = readCount(t, listing);
    if (n === undefined) {
      r.error("list.bad-number", { en: `column ${names[k]}: expected a number, found ${quote(t.text)}`, zh: `列 ${names[k]}：应为数字，实际为 ${quote(t.text)}` }, ln, t.column);
      return undefined;
    }
    out.push(n);
  }
  const extra = toks[from + names.length];
  if (extra) {
    r.error("list.extra", { en: `unexpected ${quote(extra.text)} after the last column`, zh: `最后一列之后出现多余内容 ${quote(extra.text)}` }, ln, extra.column);
    return undefined;
  }
  return out;
}

function readService(r: Reporter, ln: number, toks: Token[], listing: IpvsListing): ListedService | undefined {
  const first = toks[0]!;
  let svc: ListedService;
  let next: number;
  if (first.text === "FWM") {
    const m = toks[1];
    const raw = m && /^-?\d{1,10}$/.test(m.text) ? Number(m.text) : undefined;
    // ipvsadm prints the mark with %d: marks >= 2^31 show negative
    const mark = raw === undefined ? undefined : raw < 0 ? raw + U32 + 1 : raw;
    if (mark === undefined || mark < 1 || mark > U32) {
      r.error(
        "list.bad-fwmark",
        { en: `expected a firewall mark after FWM, found ${quote(m?.text ?? "")}`, zh: `FWM 之后应为防火墙标记，实际为 ${quote(m?.text ?? "")}` },
        ln,
        (m ?? first).column,
      );
      return undefined;
    }
    const six = toks[2]?.text === "IPv6";
    svc = { protocol: "fwmark", family: six ? "inet6" : "inet", fwmark: mark, dests: [] };
    next = six ? 3 : 2;
  } else {
    const protocol = PROTOCOLS[first.text];
    if (!protocol) {
      r.error(
        "list.bad-protocol",
        {
          en: `expected a service line starting with TCP, UDP, SCTP or FWM, or a "  -> " real server line, found ${quote(first.text)}`,
          zh: `应为以 TCP、UDP、SCTP 或 FWM 开头的服务行，或 "  -> " 真实服务器行，实际为 ${quote(first.text)}`,
        },
        ln,
        first.column,
      );
      return undefined;
    }
    const a = toks[1];
    if (!a) {
      r.error("list.missing-address", { en: "expected ADDRESS:PORT after the protocol", zh: "协议之后应为 地址:端口" }, ln, first.column + first.text.length);
      return undefined;
    }
    const hp = parseHostPort(a.text);
    if (!hp.ok || hp.value.port === undefined) {
      r.error("list.bad-address", hp.ok ? { en: `${quote(a.text)} has no port`, zh: `${quote(a.text)} 缺少端口` } : hp.message, ln, a.column + (hp.ok ? 0 : hp.offset));
      return undefined;
    }
    svc = { protocol, family: hp.value.family, address: hp.value.address, port: hp.value.port, dests: [] };
    next = 2;
  }
  if (listing.columns === "stats" || listing.columns === "rate") {
    const n = readNumbers(r, ln, toks, next, DEST_COLUMNS[listing.columns], listing);
    if (!n) return undefined;
    if (listing.columns === "stats") svc.counters = { conns: n[0]!, inPkts: n[1]!, outPkts: n[2]!, inBytes: n[3]!, outBytes: n[4]! };
    else svc.rates = { cps: n[0]!, inPps: n[1]!, outPps: n[2]!, inBps: n[3]!, outBps: n[4]! };
    return svc;
  }
  const sched = toks[next];
  if (!sched) {
    const last = toks[toks.length - 1]!;
    r.error("list.missing-scheduler", { en: "expected the scheduler name", zh: "缺少调度算法名" }, ln, last.column + last.text.length);
    return undefined;
  }
  svc.scheduler = sched.text;
  svc.schedFlags = [];
  svc.onePacket = false;
  for (let k = next + 1; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.text.startsWith("(") && t.text.endsWith(")") && k === next + 1) {
      for (const f of t.text.slice(1, -1).split(",")) {
        if (f === `${sched.text}-fallback` || f === `${sched.text}-port`) svc.schedFlags.push(f as SchedFlag);
        else r.warn("list.unmodelled-flag", { en: `scheduler flag ${quote(f)} is not kept`, zh: `调度标志 ${quote(f)} 未保留` }, ln, t.column);
      }
      svc.schedFlags.sort();
    } else if (t.text === "persistent") {
      const v = toks[++k];
      const n = v ? parseIntIn(v.text, 1, U32) : undefined;
      if (n === undefined) {
        r.error(
          "list.bad-persistence",
          { en: `expected seconds after "persistent", found ${quote(v?.text ?? "")}`, zh: `"persistent" 之后应为秒数，实际为 ${quote(v?.text ?? "")}` },
          ln,
          (v ?? t).column,
        );
        return undefined;
      }
      svc.persistence = n;
    } else if (t.text === "mask") {
      const v = toks[++k];
      const p = v ? (svc.family === "inet6" ? parseIntIn(v.text, 0, 128) : readAddress(v.text)?.family === "inet" ? maskToPrefix(v.text) : undefined) : undefined;
      if (p === undefined) {
        r.error(
          "list.bad-netmask",
          { en: `expected a netmask after "mask", found ${quote(v?.text ?? "")}`, zh: `"mask" 之后应为掩码，实际为 ${quote(v?.text ?? "")}` },
          ln,
          (v ?? t).column,
        );
        return undefined;
      }
      if (p !== (svc.family === "inet6" ? 128 : 32)) svc.persistenceNetmask = p;
    } else if (t.text === "pe") {
      const v = toks[++k];
      if (v?.text === "sip") svc.persistenceEngine = "sip";
      else r.warn("list.unknown-pe", { en: `persistence engine ${quote(v?.text ?? "")} is not kept`, zh: `持久化引擎 ${quote(v?.text ?? "")} 未保留` }, ln, (v ?? t).column);
    } else if (t.text === "ops") {
      svc.onePacket = true;
    } else {
      r.error(
        "list.unknown-flag",
        {
          en: `unexpected ${quote(t.text)} in the service flags (expected persistent, mask, pe or ops)`,
          zh: `服务标志中出现意外内容 ${quote(t.text)}（应为 persistent、mask、pe 或 ops）`,
        },
        ln,
        t.column,
      );
      return undefined;
    }
  }
  return svc;
}

function readDest(r: Reporter, ln: number, toks: Token[], listing: IpvsListing): ListedDest | undefined {
  const a = toks[1];
  if (!a) {
    r.error("list.missing-address", { en: 'expected ADDRESS:PORT after "->"', zh: '"->" 之后应为 地址:端口' }, ln, toks[0]!.column + 2);
    return undefined;
  }
  const hp = parseHostPort(a.text);
  if (!hp.ok || hp.value.port === undefined) {
    r.error("list.bad-address", hp.ok ? { en: `${quote(a.text)} has no port`, zh: `${quote(a.text)} 缺少端口` } : hp.message, ln, a.column + (hp.ok ? 0 : hp.offset));
    return undefined;
  }
  const d: ListedDest = { address: hp.value.address, port: hp.value.port };
  const cols = listing.columns;
  let k = 2;
  if (cols === "connections" || cols === "tun-info") {
    const f = toks[2];
    if (!f || !(f.text in FORWARD)) {
      r.error(
        "list.bad-forward",
        {
          en: `column Forward: expected Masq, Route, Tunnel or Local, found ${quote(f?.text ?? "")}`,
          zh: `列 Forward：应为 Masq、Route、Tunnel 或 Local，实际为 ${quote(f?.text ?? "")}`,
        },
        ln,
        (f ?? a).column,
      );
      return undefined;
    }
    const fwd = FORWARD[f.text];
    if (fwd) d.forwarding = fwd;
    else {
      d.local = true;
      r.warn(
        "list.local-node",
        {
          en: "the kernel shows this real server as Local (a local address): its forwarding method is not shown",
          zh: "内核将该真实服务器显示为 Local（本机地址）：看不到其转发方式",
        },
        ln,
        f.column,
      );
    }
    k = 3;
    if (cols === "tun-info") {
      const t = toks[3];
      if (!t || !readTunInfo(t.text, d)) {
        r.error(
          "list.bad-tunnel-info",
          {
            en: `column TunnelInfo: expected ipip, gue:PORT:FLAGS, gre:FLAGS or n/a, found ${quote(t?.text ?? "")}`,
            zh: `列 TunnelInfo：应为 ipip、gue:端口:标志、gre:标志 或 n/a，实际为 ${quote(t?.text ?? "")}`,
          },
          ln,
          (t ?? f).column,
        );
        return undefined;
      }
      k = 4;
    }
  }
  const names = cols === "connections" || cols === "tun-info" ? ["Weight", "ActiveConn", "InActConn"] : DEST_COLUMNS[cols];
  const n = readNumbers(r, ln, toks, k, names, listing);
  if (!n) return undefined;
  switch (cols) {
    case "connections":
    case "tun-info":
      d.weight = n[0]!;
      d.activeConns = n[1]!;
      d.inactiveConns = n[2]!;
      break;
    case "thresholds":
      d.upperThreshold = n[0]!;
      d.lowerThreshold = n[1]!;
      d.activeConns = n[2]!;
      d.inactiveConns = n[3]!;
      break;
    case "persistent-conn":
      d.weight = n[0]!;
      d.persistConns = n[1]!;
      d.activeConns = n[2]!;
      d.inactiveConns = n[3]!;
      break;
    case "stats":
      d.counters = { conns: n[0]!, inPkts: n[1]!, outPkts: n[2]!, inBytes: n[3]!, outBytes: n[4]! };
      break;
    case "rate":
      d.rates = { cps: n[0]!, inPps: n[1]!, outPps: n[2]!, inBps: n[3]!, outBps: n[4]! };
      break;
  }
  return d;
}

/** --tun-info column: "ipip", "gue:6080:-c", "gre:+c", "n/a". */
function readTunInfo(text: string, d: ListedDest): boolean {
  if (text === "n/a") return d.forwarding !== "tunnel";
  if (text === "ipip") return d.forwarding === "tunnel";
  const gue = /^gue:(\d{1,5}):(-c|\+c|r\+c)$/.exec(text);
  if (gue && Number(gue[1]) <= 65535) {
    d.tunnelType = "gue";
    d.tunnelPort = Number(gue[1]);
    d.tunnelCsum = TUN_CSUM[gue[2]!]!;
    return d.forwarding === "tunnel";
  }
  const gre = /^gre:(-c|\+c|r\+c)$/.exec(text);
  if (gre) {
    d.tunnelType = "gre";
    d.tunnelCsum = TUN_CSUM[gre[1]!]!;
    return d.forwarding === "tunnel";
  }
  return false;
}
