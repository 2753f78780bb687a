import { stateServiceKey, type Counters, type ServiceKeyParts } from "@shoal/core";
import { indexAttrs as index, statAt, u32At } from "./attr-index.ts";
import { AF_INET6, IPPROTO_SCTP, IPPROTO_UDP, StatsAttr, SvcAttr } from "./ipvs-abi.ts";
import { decodeAddr } from "./ipvs-codec.ts";
import type { ServiceCounters } from "../types.ts";

/**
 * A service dump reply's key and counters, read in place: the live counters decode every service
 * every second, and decodeService()'s Map and Buffer view per attribute (and the scheduler,
 * flags, persistence it also decodes) cost more than the dump. Same key and counters as
 * decodeService() (test/kernel/service-counters-decoder.test.ts).
 */

const MAX = 16;
const at = new Int32Array(MAX);
const len = new Int32Array(MAX);
const sAt = new Int32Array(MAX);
const sLen = new Int32Array(MAX);

const stat = (buf: Buffer, t: number, s64: boolean): number => statAt(buf, sAt, sLen, t, s64);

/** IPVS_CMD_ATTR_SERVICE's attributes at buf[off..end]. */
export function decodeServiceCountersAt(buf: Buffer, off: number, end: number): ServiceCounters {
  index(buf, off, end, at, len);
  const family = at[SvcAttr.AF]! >= 0 && len[SvcAttr.AF]! >= 2 && (buf[at[SvcAttr.AF]!]! | (buf[at[SvcAttr.AF]! + 1]! << 8)) === AF_INET6 ? "inet6" : "inet";
  const fwmark = at[SvcAttr.FWMARK]! >= 0 && len[SvcAttr.FWMARK]! >= 4 ? u32At(buf, at[SvcAttr.FWMARK]!) : 0;
  let service: ServiceKeyParts;
  if (fwmark) service = { protocol: "fwmark", family, fwmark };
  else {
    const p = at[SvcAttr.PROTOCOL]! >= 0 && len[SvcAttr.PROTOCOL]! >= 2 ? buf[at[SvcAttr.PROTOCOL]!]! | (buf[at[SvcAttr.PROTOCOL]! + 1]! << 8) : 0;
    const a = at[SvcAttr.ADDR]!;
    const address =
      a >= 0 && family === "inet" && len[SvcAttr.ADDR]! >= 4
        ? `${buf[a]}.${buf[a + 1]}.${buf[a + 2]}.${buf[a + 3]}`
        : decodeAddr(a >= 0 ? buf.subarray(a, a + len[SvcAttr.ADDR]!) : Buffer.alloc(16), family);
    const port = at[SvcAttr.PORT]! >= 0 && len[SvcAttr.PORT]! >= 2 ? (buf[at[SvcAttr.PORT]!]! << 8) | buf[at[SvcAttr.PORT]! + 1]! : 0;
    service = { protocol: p === IPPROTO_UDP ? "udp" : p === IPPROTO_SCTP ? "sctp" : "tcp", family, address, port };
  }
  const s64 = at[SvcAttr.STATS64]! >= 0;
  const t = s64 ? SvcAttr.STATS64 : SvcAttr.STATS;
  if (at[t]! >= 0) index(buf, at[t]!, at[t]! + len[t]!, sAt, sLen);
  else sAt.fill(-1);
  const counters: Counters = { conns: stat(buf, StatsAttr.CONNS, s64), inPkts: stat(buf, StatsAttr.INPKTS, s64), outPkts: stat(buf, StatsAttr.OUTPKTS, s64), inBytes: stat(buf, StatsAttr.INBYTES, s64), outBytes: stat(buf, StatsAttr.OUTBYTES, s64) };
  return { key: stateServiceKey(service), service, counters };
}
