import { canonicalAddress, type KernelDest, type KernelService, type KernelTimeouts, type Operation, type SchedFlag, type ServiceKeyParts } from "@shoal/core";
import type { ServiceSpec } from "@shoal/core";
import { be16, be32, bytes, getBe16, getBe32, getNested, getStr, getU16, getU32, getU64, getU8, nest, parseAttrs, str, u16, u32, u8, type Attr, type AttrMap } from "./attrs.ts";
import { AF_INET, AF_INET6, Cmd, CmdAttr, DestAttr, Fwd, IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP, StatsAttr, SvcAttr, SvcFlag, TunFlag, TunType } from "./ipvs-abi.ts";
import type { Counters, Rates } from "@shoal/core";

/** IPVS objects <-> netlink attributes. Pure: no sockets here, so every byte is unit-testable. */

const PROTO_NUM = { tcp: IPPROTO_TCP, udp: IPPROTO_UDP, sctp: IPPROTO_SCTP } as const;
const PROTO_NAME: Record<number, "tcp" | "udp" | "sctp"> = { [IPPROTO_TCP]: "tcp", [IPPROTO_UDP]: "udp", [IPPROTO_SCTP]: "sctp" };
const FWD_NUM = { masq: Fwd.MASQ, tunnel: Fwd.TUNNEL, route: Fwd.DROUTE } as const;
const TUN_NUM = { ipip: TunType.IPIP, gue: TunType.GUE, gre: TunType.GRE } as const;
const TUN_NAME = ["ipip", "gue", "gre"] as const;
const CSUM_NUM = { nocsum: TunFlag.NOCSUM, csum: TunFlag.CSUM, remcsum: TunFlag.REMCSUM } as const;
const ALL_FLAGS = 0xffffffff;

/** union nf_inet_addr: 16 bytes, IPv4 in the first 4. */
export function encodeAddr(address: string): Buffer {
  const out = Buffer.alloc(16);
  writeAddr(out, 0, address);
  return out;
}

/** Writes union nf_inet_addr at buf[offset..offset+16]. */
function writeAddr(buf: Buffer, offset: number, address: string): void {
  const a = canonicalAddress(address);
  if (!a.includes(":")) {
    // canonical dotted quad: digits and dots only, so the octets are read in place
    let octet = 0;
    let i = offset;
    for (let k = 0; k < a.length; k++) {
      const c = a.charCodeAt(k);
      if (c === 46) {
        buf[i++] = octet;
        octet = 0;
      } else octet = octet * 10 + c - 48;
    }
    buf[i] = octet;
    buf.fill(0, offset + 4, offset + 16);
    return;
  }
  const [head = "", tail] = a.split("::");
  const hs = head ? head.split(":") : [];
  const ts = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const groups = [...hs, ...Array<string>(8 - hs.length - ts.length).fill("0"), ...ts];
  groups.forEach((g, i) => buf.writeUInt16BE(parseInt(g, 16), offset + i * 2));
}

/** An address attribute, written into the message without a Buffer of its own. */
const addrAttr = (type: number, address: string): Attr => ({ type, size: 16, write: (buf, offset) => writeAddr(buf, offset, address) });

export function decodeAddr(b: Buffer, family: "inet" | "inet6"): string {
  if (family === "inet") return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  const groups: string[] = [];
  for (let i = 0; i < 8; i++) groups.push(b.readUInt16BE(i * 2).toString(16));
  return canonicalAddress(groups.join(":"));
}

const afOf = (family: "inet" | "inet6"): number => (family === "inet6" ? AF_INET6 : AF_INET);
const familyOfAf = (af: number | undefined): "inet" | "inet6" => (af === AF_INET6 ? "inet6" : "inet");
const familyOfAddress = (a: string): "inet" | "inet6" => (a.includes(":") ? "inet6" : "inet");

/** What identifies a service to the kernel (ip_vs_genl_parse_service without full_entry). */
export function serviceKeyAttrs(s: ServiceKeyParts): Attr[] {
  const out = [u16(SvcAttr.AF, afOf(s.family))];
  if (s.protocol === "fwmark") out.push(u32(SvcAttr.FWMARK, s.fwmark ?? 0));
  else {
    out.push(u16(SvcAttr.PROTOCOL, PROTO_NUM[s.protocol]));
    out.push(addrAttr(SvcAttr.ADDR, s.address ?? ""));
    out.push(be16(SvcAttr.PORT, s.port ?? 0));
  }
  return out;
}

function schedFlagBits(flags: readonly SchedFlag[]): number {
  let bits = 0;
  for (const f of flags) bits |= f.endsWith("-fallback") ? SvcFlag.SCHED1 : SvcFlag.SCHED2;
  return bits;
}

export function serviceFlags(s: ServiceSpec): number {
  let f = schedFlagBits(s.schedFlags);
  if (s.persistence !== undefined) f |= SvcFlag.PERSISTENT;
  if (s.onePacket) f |= SvcFlag.ONEPACKET;
  return f >>> 0;
}

/** A full service entry: what NEW_SERVICE / SET_SERVICE require (scheduler, flags, timeout, netmask). */
export function serviceAttrs(s: ServiceSpec): Attr[] {
  const flags = Buffer.alloc(8);
  flags.writeUInt32LE(serviceFlags(s), 0);
  flags.writeUInt32LE(ALL_FLAGS, 4); // mask: set exactly these, clear the rest
  const full = s.family === "inet6" ? 128 : 32;
  const prefix = s.persistenceNetmask ?? full;
  const out = [
    ...serviceKeyAttrs(s),
    str(SvcAttr.SCHED_NAME, s.scheduler),
    bytes(SvcAttr.FLAGS, flags),
    u32(SvcAttr.TIMEOUT, s.persistence ?? 0),
    // IPv4: a mask in network order; IPv6: the prefix length as a plain number (ip_vs_ctl.c)
    s.family === "inet6" ? u32(SvcAttr.NETMASK, prefix) : be32(SvcAttr.NETMASK, prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0),
  ];
  if (s.persistenceEngine) out.push(str(SvcAttr.PE_NAME, s.persistenceEngine));
  return out;
}

export function destKeyAttrs(d: { address: string; port: number }): Attr[] {
  return [addrAttr(DestAttr.ADDR, d.address), be16(DestAttr.PORT, d.port), u16(DestAttr.ADDR_FAMILY, afOf(familyOfAddress(d.address)))];
}

export function destAttrs(d: KernelDest): Attr[] {
  const out = [
    ...destKeyAttrs(d),
    u32(DestAttr.FWD_METHOD, FWD_NUM[d.forwarding]),
    u32(DestAttr.WEIGHT, d.weight),
    u32(DestAttr.U_THRESH, d.upperThreshold ?? 0),
    u32(DestAttr.L_THRESH, d.lowerThreshold ?? 0),
  ];
  if (d.forwarding === "tunnel") {
    out.push(u8(DestAttr.TUN_TYPE, TUN_NUM[d.tunnelType ?? "ipip"]));
    out.push(be16(DestAttr.TUN_PORT, d.tunnelPort ?? 0));
    out.push(u16(DestAttr.TUN_FLAGS, CSUM_NUM[d.tunnelCsum ?? "nocsum"]));
  }
  return out;
}

/**
 * DR and TUN cannot change the port, and ipvsadm -a/-e quietly set such a real server's port to
 * the service's (non-fwmark services). Doing the same keeps both backends' tables identical.
 */
function asIpvsadm(s: ServiceKeyParts, d: KernelDest): KernelDest {
  return s.protocol !== "fwmark" && d.forwarding !== "masq" && d.port !== s.port ? { ...d, port: s.port ?? 0 } : d;
}

/** One planned operation as one IPVS command: [cmd, top-level attributes]. */
export function operationCommand(op: Operation): { cmd: number; attrs: Attr[] } {
  switch (op.kind) {
    case "set-timeouts":
      return { cmd: Cmd.SET_CONFIG, attrs: timeoutAttrs(op.timeouts) };
    case "add-service":
      return { cmd: Cmd.NEW_SERVICE, attrs: [nest(CmdAttr.SERVICE, serviceAttrs(op.service))] };
    case "edit-service":
      return { cmd: Cmd.SET_SERVICE, attrs: [nest(CmdAttr.SERVICE, serviceAttrs(op.service))] };
    case "delete-service":
      return { cmd: Cmd.DEL_SERVICE, attrs: [nest(CmdAttr.SERVICE, serviceKeyAttrs(op.service))] };
    case "add-dest":
      return { cmd: Cmd.NEW_DEST, attrs: [nest(CmdAttr.SERVICE, serviceKeyAttrs(op.service)), nest(CmdAttr.DEST, destAttrs(asIpvsadm(op.service, op.dest)))] };
    case "edit-dest":
    case "drain-dest":
      return { cmd: Cmd.SET_DEST, attrs: [nest(CmdAttr.SERVICE, serviceKeyAttrs(op.service)), nest(CmdAttr.DEST, destAttrs(asIpvsadm(op.service, op.dest)))] };
    case "delete-dest":
      return { cmd: Cmd.DEL_DEST, attrs: [nest(CmdAttr.SERVICE, serviceKeyAttrs(op.service)), nest(CmdAttr.DEST, destKeyAttrs(op.dest))] };
  }
}

/** 0 leaves a timeout unchanged, as with `ipvsadm --set`. */
export function timeoutAttrs(t: KernelTimeouts): Attr[] {
  return [u32(CmdAttr.TIMEOUT_TCP, t.tcp), u32(CmdAttr.TIMEOUT_TCP_FIN, t.tcpFin), u32(CmdAttr.TIMEOUT_UDP, t.udp)];
}

export function decodeTimeouts(top: AttrMap): KernelTimeouts {
  return {
    tcp: getU32(top, CmdAttr.TIMEOUT_TCP) ?? 0,
    tcpFin: getU32(top, CmdAttr.TIMEOUT_TCP_FIN) ?? 0,
    udp: getU32(top, CmdAttr.TIMEOUT_UDP) ?? 0,
  };
}

export interface DecodedStats {
  counters: Counters;
  rates: Rates;
}

/** STATS64 when the kernel sends it (>= 4.1), else the 32-bit STATS. */
export function decodeStats(m: AttrMap, stats64Type: number, statsType: number): DecodedStats {
  const s64 = getNested(m, stats64Type);
  const s = s64 ?? getNested(m, statsType) ?? new Map();
  const get = (t: number): number => {
    const b = s.get(t);
    if (!b) return 0;
    return s64 || b.length >= 8 ? (getU64(s, t) ?? 0) : (getU32(s, t) ?? 0);
  };
  return {
    counters: { conns: get(StatsAttr.CONNS), inPkts: get(StatsAttr.INPKTS), outPkts: get(StatsAttr.OUTPKTS), inBytes: get(StatsAttr.INBYTES), outBytes: get(StatsAttr.OUTBYTES) },
    rates: { cps: get(StatsAttr.CPS), inPps: get(StatsAttr.INPPS), outPps: get(StatsAttr.OUTPPS), inBps: get(StatsAttr.INBPS), outBps: get(StatsAttr.OUTBPS) },
  };
}

function prefixOfMask(mask: number): number {
  let n = 0;
  while (n < 32 && (mask & (0x80000000 >>> n)) !== 0) n++;
  return n;
}

/** A service as the kernel dumps it (IPVS_CMD_ATTR_SERVICE of a GET_SERVICE reply), without dests. */
export function decodeService(svcAttrs: AttrMap): { service: KernelService; stats: DecodedStats } {
  const family = familyOfAf(getU16(svcAttrs, SvcAttr.AF));
  const flagsBuf = svcAttrs.get(SvcAttr.FLAGS);
  const flags = flagsBuf && flagsBuf.length >= 4 ? flagsBuf.readUInt32LE(0) : 0;
  const scheduler = getStr(svcAttrs, SvcAttr.SCHED_NAME) ?? "";
  const fwmark = getU32(svcAttrs, SvcAttr.FWMARK);
  const s: KernelService = fwmark
    ? { protocol: "fwmark", family, fwmark, scheduler, schedFlags: [], onePacket: false, dests: [] }
    : {
        protocol: PROTO_NAME[getU16(svcAttrs, SvcAttr.PROTOCOL) ?? 0] ?? "tcp",
        family,
        address: decodeAddr(svcAttrs.get(SvcAttr.ADDR) ?? Buffer.alloc(16), family),
        port: getBe16(svcAttrs, SvcAttr.PORT) ?? 0,
        scheduler,
        schedFlags: [],
        onePacket: false,
        dests: [],
      };
  // SCHED1/2 only mean something to sh and mh (the names ipvsadm -b uses)
  if (scheduler === "sh" || scheduler === "mh") {
    if (flags & SvcFlag.SCHED1) s.schedFlags.push(`${scheduler}-fallback` as SchedFlag);
    if (flags & SvcFlag.SCHED2) s.schedFlags.push(`${scheduler}-port` as SchedFlag);
  }
  if (flags & SvcFlag.PERSISTENT) {
    s.persistence = getU32(svcAttrs, SvcAttr.TIMEOUT) ?? 0;
    const prefix = family === "inet6" ? (getU32(svcAttrs, SvcAttr.NETMASK) ?? 128) : prefixOfMask(getBe32(svcAttrs, SvcAttr.NETMASK) ?? 0xffffffff);
    if (prefix !== (family === "inet6" ? 128 : 32)) s.persistenceNetmask = prefix;
    const pe = getStr(svcAttrs, SvcAttr.PE_NAME);
    if (pe === "sip") s.persistenceEngine = pe;
  }
  s.onePacket = (flags & SvcFlag.ONEPACKET) !== 0;
  return { service: s, stats: decodeStats(svcAttrs, SvcAttr.STATS64, SvcAttr.STATS) };
}

export interface DecodedDest {
  dest: KernelDest;
  stats: DecodedStats;
  activeConns: number;
  inactiveConns: number;
  persistentConns: number;
}

/** A real server as the kernel dumps it (IPVS_CMD_ATTR_DEST of a GET_DEST reply). */
export function decodeDest(d: AttrMap, serviceFamily: "inet" | "inet6"): DecodedDest {
  const family = d.has(DestAttr.ADDR_FAMILY) ? familyOfAf(getU16(d, DestAttr.ADDR_FAMILY)) : serviceFamily;
  const fwd = (getU32(d, DestAttr.FWD_METHOD) ?? 0) & Fwd.MASK;
  const dest: KernelDest = {
    address: decodeAddr(d.get(DestAttr.ADDR) ?? Buffer.alloc(16), family),
    port: getBe16(d, DestAttr.PORT) ?? 0,
    // a "Local" (LOCALNODE) server is configured as route; the kernel only shows it differently
    forwarding: fwd === Fwd.MASQ ? "masq" : fwd === Fwd.TUNNEL ? "tunnel" : "route",
    weight: getU32(d, DestAttr.WEIGHT) ?? 0,
    upperThreshold: getU32(d, DestAttr.U_THRESH) ?? 0,
    lowerThreshold: getU32(d, DestAttr.L_THRESH) ?? 0,
  };
  if (dest.forwarding === "tunnel") {
    const type = TUN_NAME[getU8(d, DestAttr.TUN_TYPE) ?? 0] ?? "ipip";
    if (type !== "ipip") {
      dest.tunnelType = type;
      if (type === "gue") dest.tunnelPort = getBe16(d, DestAttr.TUN_PORT) ?? 0;
      const f = getU16(d, DestAttr.TUN_FLAGS) ?? 0;
      dest.tunnelCsum = f & TunFlag.REMCSUM ? "remcsum" : f & TunFlag.CSUM ? "csum" : "nocsum";
    }
  }
  return {
    dest,
    stats: decodeStats(d, DestAttr.STATS64, DestAttr.STATS),
    activeConns: getU32(d, DestAttr.ACTIVE_CONNS) ?? 0,
    inactiveConns: getU32(d, DestAttr.INACT_CONNS) ?? 0,
    persistentConns: getU32(d, DestAttr.PERSIST_CONNS) ?? 0,
  };
}

/** The top level of a reply's attribute area. */
export const topAttrs = (attrs: Buffer): AttrMap => parseAttrs(attrs);
