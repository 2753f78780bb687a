import type { Counters, KernelDest, Rates } from "@shoal/core";
import { indexAttrs as index, statAt, u32At } from "./attr-index.ts";
import { AF_INET6, DestAttr, Fwd, StatsAttr, TunFlag } from "./ipvs-abi.ts";
import { decodeAddr, type DecodedDest } from "./ipvs-codec.ts";

/**
 * decodeDest() without the garbage: a 10,000-service table has 100,000 real servers, and the
 * generic decoder's Map and Buffer view per attribute made decoding cost more than the kernel
 * dumps themselves. This reads the attributes in place, by offset, into reused index tables.
 * Same result as decodeDest() field for field (test/kernel/dest-decoder.test.ts checks it).
 */

const MAX_TYPE = 16;
const at = new Int32Array(MAX_TYPE); // payload offset by attribute type, -1 when absent
const len = new Int32Array(MAX_TYPE);
const sAt = new Int32Array(MAX_TYPE);
const sLen = new Int32Array(MAX_TYPE);
const TUN_NAME = ["ipip", "gue", "gre"] as const;

const u16At = (buf: Buffer, o: number): number => buf[o]! | (buf[o + 1]! << 8);
const be16At = (buf: Buffer, o: number): number => (buf[o]! << 8) | buf[o + 1]!;

function u32(buf: Buffer, t: number): number {
  return at[t]! >= 0 && len[t]! >= 4 ? u32At(buf, at[t]!) : 0;
}

const stat = (buf: Buffer, t: number, s64: boolean): number => statAt(buf, sAt, sLen, t, s64);

const ZERO16 = Buffer.alloc(16);

/** IPVS_CMD_ATTR_DEST's attributes at buf[off..end]: the real server, and its figures when withStats. */
export function decodeDestAt(buf: Buffer, off: number, end: number, serviceFamily: "inet" | "inet6", withStats: boolean): DecodedDest {
  index(buf, off, end, at, len);
  const family = at[DestAttr.ADDR_FAMILY]! >= 0 && len[DestAttr.ADDR_FAMILY]! >= 2 ? (u16At(buf, at[DestAttr.ADDR_FAMILY]!) === AF_INET6 ? "inet6" : "inet") : serviceFamily;
  const a = at[DestAttr.ADDR]!;
  let address: string;
  if (a >= 0 && family === "inet" && len[DestAttr.ADDR]! >= 4) address = `${buf[a]}.${buf[a + 1]}.${buf[a + 2]}.${buf[a + 3]}`;
  else address = decodeAddr(a >= 0 ? buf.subarray(a, a + len[DestAttr.ADDR]!) : ZERO16, family);
  const fwd = u32(buf, DestAttr.FWD_METHOD) & Fwd.MASK;
  const dest: KernelDest = {
    address,
    port: at[DestAttr.PORT]! >= 0 && len[DestAttr.PORT]! >= 2 ? be16At(buf, at[DestAttr.PORT]!) : 0,
    forwarding: fwd === Fwd.MASQ ? "masq" : fwd === Fwd.TUNNEL ? "tunnel" : "route",
    weight: u32(buf, DestAttr.WEIGHT),
    upperThreshold: u32(buf, DestAttr.U_THRESH),
    lowerThreshold: u32(buf, DestAttr.L_THRESH),
  };
  if (dest.forwarding === "tunnel") {
    const tt = at[DestAttr.TUN_TYPE]! >= 0 && len[DestAttr.TUN_TYPE]! >= 1 ? buf[at[DestAttr.TUN_TYPE]!]! : 0;
    const type = TUN_NAME[tt] ?? "ipip";
    if (type !== "ipip") {
      dest.tunnelType = type;
      if (type === "gue") dest.tunnelPort = at[DestAttr.TUN_PORT]! >= 0 && len[DestAttr.TUN_PORT]! >= 2 ? be16At(buf, at[DestAttr.TUN_PORT]!) : 0;
      const f = at[DestAttr.TUN_FLAGS]! >= 0 && len[DestAttr.TUN_FLAGS]! >= 2 ? u16At(buf, at[DestAttr.TUN_FLAGS]!) : 0;
      dest.tunnelCsum = f & TunFlag.REMCSUM ? "remcsum" : f & TunFlag.CSUM ? "csum" : "nocsum";
    }
  }
  const activeConns = u32(buf, DestAttr.ACTIVE_CONNS);
  const inactiveConns = u32(buf, DestAttr.INACT_CONNS);
  const persistentConns = u32(buf, DestAttr.PERSIST_CONNS);
  let counters: Counters = ZERO_COUNTERS;
  let rates: Rates = ZERO_RATES;
  if (withStats) {
    const s64 = at[DestAttr.STATS64]! >= 0;
    const t = s64 ? DestAttr.STATS64 : DestAttr.STATS;
    if (at[t]! >= 0) index(buf, at[t]!, at[t]! + len[t]!, sAt, sLen);
    else sAt.fill(-1);
    counters = {
      conns: stat(buf, StatsAttr.CONNS, s64),
      inPkts: stat(buf, StatsAttr.INPKTS, s64),
      outPkts: stat(buf, StatsAttr.OUTPKTS, s64),
      inBytes: stat(buf, StatsAttr.INBYTES, s64),
      outBytes: stat(buf, StatsAttr.OUTBYTES, s64),
    };
    rates = {
      cps: stat(buf, StatsAttr.CPS, s64),
      inPps: stat(buf, StatsAttr.INPPS, s64),
      outPps: stat(buf, StatsAttr.OUTPPS, s64),
      inBps: stat(buf, StatsAttr.INBPS, s64),
      outBps: stat(buf, StatsAttr.OUTBPS, s64),
    };
  }
  return { dest, stats: { counters, rates }, activeConns, inactiveConns, persistentConns };
}

// read() without statistics shares these; never handed out when withStats
const ZERO_COUNTERS = Object.freeze({ conns: 0, inPkts: 0, outPkts: 0, inBytes: 0, outBytes: 0 });
const ZERO_RATES = Object.freeze({ cps: 0, inPps: 0, outPps: 0, inBps: 0, outBps: 0 });
