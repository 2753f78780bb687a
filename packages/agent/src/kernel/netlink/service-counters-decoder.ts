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

interface Known {
  key: string;
  service: ServiceKeyParts;
  /** The dump that last listed it. */
  seen: number;
}

/**
 * decodeServiceCountersAt with each service's key kept between dumps by its exact numeric
 * identity (IPv4 address, port and protocol, or fwmark and family): a sample then builds no key
 * string, address or service object for a service it has seen, only its counters. IPv6 services
 * are decoded every time. The objects handed out are shared between dumps: never modify them.
 */
export class ServiceCountersDecoder {
  private known = new Map<number, Known>();
  private dump = 0;

  /** Starts a dump: identities the previous dump did not list are forgotten. */
  begin(): void {
    if (this.dump > 0) for (const [id, k] of this.known) if (k.seen !== this.dump) this.known.delete(id);
    this.dump++;
  }

  decode(buf: Buffer, off: number, end: number): ServiceCounters {
    index(buf, off, end, at, len);
    const id = identity(buf);
    const k = id === undefined ? undefined : this.known.get(id);
    if (k) {
      k.seen = this.dump;
      return { key: k.key, service: k.service, counters: countersAt(buf) };
    }
    const s = decodeIndexed(buf);
    if (id !== undefined) this.known.set(id, { key: s.key, service: s.service, seen: this.dump });
    return s;
  }
}

/** A number naming the service exactly, from the indexed attributes; undefined for IPv6 addresses. */
function identity(buf: Buffer): number | undefined {
  const inet6 = at[SvcAttr.AF]! >= 0 && len[SvcAttr.AF]! >= 2 && (buf[at[SvcAttr.AF]!]! | (buf[at[SvcAttr.AF]! + 1]! << 8)) === AF_INET6;
  const fwmark = at[SvcAttr.FWMARK]! >= 0 && len[SvcAttr.FWMARK]! >= 4 ? u32At(buf, at[SvcAttr.FWMARK]!) : 0;
  if (fwmark) return -(fwmark * 2 + (inet6 ? 1 : 0)) - 1;
  const a = at[SvcAttr.ADDR]!;
  if (inet6 || a < 0 || len[SvcAttr.ADDR]! < 4 || at[SvcAttr.PORT]! < 0 || len[SvcAttr.PORT]! < 2) return undefined;
  const p = at[SvcAttr.PROTOCOL]! >= 0 && len[SvcAttr.PROTOCOL]! >= 2 ? buf[at[SvcAttr.PROTOCOL]!]! | (buf[at[SvcAttr.PROTOCOL]! + 1]! << 8) : 0;
  const proto = p === IPPROTO_UDP ? 1 : p === IPPROTO_SCTP ? 2 : 0;
  const port = (buf[at[SvcAttr.PORT]!]! << 8) | buf[at[SvcAttr.PORT]! + 1]!;
  // 32 + 16 + 2 bits: exact in a double
  return ((buf[a]! * 0x1000000 + ((buf[a + 1]! << 16) | (buf[a + 2]! << 8) | buf[a + 3]!)) * 65536 + port) * 4 + proto;
}

/** IPVS_CMD_ATTR_SERVICE's attributes at buf[off..end]. */
export function decodeServiceCountersAt(buf: Buffer, off: number, end: number): ServiceCounters {
  index(buf, off, end, at, len);
  return decodeIndexed(buf);
}

function decodeIndexed(buf: Buffer): ServiceCounters {
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
  return { key: stateServiceKey(service), service, counters: countersAt(buf) };
}

/** The indexed service's STATS64 (or 32-bit STATS) counters. */
function countersAt(buf: Buffer): Counters {
  const s64 = at[SvcAttr.STATS64]! >= 0;
  const t = s64 ? SvcAttr.STATS64 : SvcAttr.STATS;
  if (at[t]! >= 0) index(buf, at[t]!, at[t]! + len[t]!, sAt, sLen);
  else sAt.fill(-1);
  return {
    conns: stat(buf, StatsAttr.CONNS, s64),
    inPkts: stat(buf, StatsAttr.INPKTS, s64),
    outPkts: stat(buf, StatsAttr.OUTPKTS, s64),
    inBytes: stat(buf, StatsAttr.INBYTES, s64),
    outBytes: stat(buf, StatsAttr.OUTBYTES, s64),
  };
}
