import { NLA_HDRLEN, NLA_TYPE_MASK } from "./attrs.ts";

/*
 * Reading netlink attributes in place, by offset, for the decoders that run 100,000 times a
 * read (real servers) or every second (service counters): the generic parseAttrs' Map and
 * Buffer view per attribute cost more than the kernel's dump. Callers keep their own index
 * tables (Int32Array by attribute type: payload offset, -1 when absent, and payload length).
 */

/** Indexes one attribute level of buf[off..end] by type; the last of a type wins, as in parseAttrs. */
export function indexAttrs(buf: Buffer, off: number, end: number, pos: Int32Array, lens: Int32Array): void {
  pos.fill(-1);
  const max = pos.length;
  while (off + NLA_HDRLEN <= end) {
    const l = buf[off]! | (buf[off + 1]! << 8);
    const t = (buf[off + 2]! | (buf[off + 3]! << 8)) & NLA_TYPE_MASK;
    if (l < NLA_HDRLEN || off + l > end) throw new Error(`malformed netlink attribute at ${off} (len ${l})`);
    if (t < max) {
      pos[t] = off + NLA_HDRLEN;
      lens[t] = l - NLA_HDRLEN;
    }
    off += (l + 3) & ~3;
  }
}

export const u32At = (buf: Buffer, o: number): number => (buf[o]! | (buf[o + 1]! << 8) | (buf[o + 2]! << 16)) + buf[o + 3]! * 0x1000000;
/** u64 as a number, rounded exactly as Number(BigInt) rounds (one correctly rounded addition). */
export const u64At = (buf: Buffer, o: number): number => u32At(buf, o + 4) * 0x100000000 + u32At(buf, o);

/** One IPVS_STATS_ATTR_* counter from an indexed stats (u32) or stats64 (u64) nest; 0 when absent or short. */
export function statAt(buf: Buffer, pos: Int32Array, lens: Int32Array, t: number, s64: boolean): number {
  const o = pos[t]!;
  if (o < 0) return 0;
  return s64 || lens[t]! >= 8 ? (lens[t]! >= 8 ? u64At(buf, o) : 0) : lens[t]! >= 4 ? u32At(buf, o) : 0;
}
