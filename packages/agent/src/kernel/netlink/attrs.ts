/**
 * Netlink attributes (struct nlattr: u16 len, u16 type, payload padded to 4 bytes) in host byte
 * order, which is little-endian on every architecture the agent ships for (x86-64, arm64).
 * Values the kernel keeps in network order (ports, IPv4 netmasks) are written big-endian by the
 * IPVS codec, not here.
 */

export const NLA_HDRLEN = 4;
export const NLA_F_NESTED = 0x8000;
export const NLA_F_NET_BYTEORDER = 0x4000;
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

export const align4 = (n: number): number => (n + 3) & ~3;

/**
 * An attribute as built by the encoder: type and its payload (a nested list is encoded in place).
 * Integers and `write` payloads are written straight into the message: a full sync encodes
 * ~1.3 million attributes, and a Buffer each (its own ArrayBuffer, finalised by the garbage
 * collector) made the daemon spend most of its sync in GC.
 */
export type Attr =
  | { type: number; payload: Uint8Array }
  | { type: number; nested: Attr[] }
  | { type: number; int: number; size: 1 | 2 | 4; bigEndian: boolean }
  | { type: number; size: number; write: (buf: Buffer, offset: number) => void };

export const u8 = (type: number, v: number): Attr => ({ type, int: v & 0xff, size: 1, bigEndian: false });
export const u16 = (type: number, v: number): Attr => ({ type, int: v & 0xffff, size: 2, bigEndian: false });
export const be16 = (type: number, v: number): Attr => ({ type, int: v & 0xffff, size: 2, bigEndian: true });
export const u32 = (type: number, v: number): Attr => ({ type, int: v >>> 0, size: 4, bigEndian: false });
export const be32 = (type: number, v: number): Attr => ({ type, int: v >>> 0, size: 4, bigEndian: true });
/** NUL-terminated, as NLA_NUL_STRING / nla_strscpy expect. */
export const str = (type: number, s: string): Attr => ({ type, payload: Buffer.from(`${s}\0`, "utf8") });
export const bytes = (type: number, b: Uint8Array): Attr => ({ type, payload: b });
export const nest = (type: number, nested: Attr[]): Attr => ({ type, nested });

export function attrsLength(attrs: readonly Attr[]): number {
  let n = 0;
  for (const a of attrs) n += align4(attrLength(a));
  return n;
}
function attrLength(a: Attr): number {
  return NLA_HDRLEN + ("nested" in a ? attrsLength(a.nested) : "payload" in a ? a.payload.length : a.size);
}

/** Writes attrs at buf[offset..]; returns the offset after them. Padding bytes are left zero. */
export function writeAttrs(buf: Buffer, offset: number, attrs: readonly Attr[]): number {
  for (const a of attrs) {
    const len = attrLength(a);
    buf.writeUInt16LE(len, offset);
    buf.writeUInt16LE("nested" in a ? a.type | NLA_F_NESTED : a.type, offset + 2);
    const at = offset + NLA_HDRLEN;
    if ("nested" in a) writeAttrs(buf, at, a.nested);
    else if ("payload" in a) buf.set(a.payload, at);
    else if ("write" in a) a.write(buf, at);
    else if (a.size === 1) buf[at] = a.int;
    else if (a.size === 2) {
      if (a.bigEndian) buf.writeUInt16BE(a.int, at);
      else buf.writeUInt16LE(a.int, at);
    } else if (a.bigEndian) buf.writeUInt32BE(a.int, at);
    else buf.writeUInt32LE(a.int, at);
    offset += align4(len);
  }
  return offset;
}

export function encodeAttrs(attrs: readonly Attr[]): Buffer {
  const buf = Buffer.alloc(attrsLength(attrs));
  writeAttrs(buf, 0, attrs);
  return buf;
}

/** Parsed attributes of one level: payload views by type (the last one wins, as in the kernel). */
export type AttrMap = Map<number, Buffer>;

export function parseAttrs(buf: Buffer, offset = 0, end = buf.length): AttrMap {
  const out: AttrMap = new Map();
  while (offset + NLA_HDRLEN <= end) {
    const len = buf.readUInt16LE(offset);
    const type = buf.readUInt16LE(offset + 2) & NLA_TYPE_MASK;
    if (len < NLA_HDRLEN || offset + len > end) throw new Error(`malformed netlink attribute at ${offset} (len ${len})`);
    out.set(type, buf.subarray(offset + NLA_HDRLEN, offset + len));
    offset += align4(len);
  }
  return out;
}

export const getU8 = (m: AttrMap, t: number): number | undefined => m.get(t)?.readUInt8(0);
export const getU16 = (m: AttrMap, t: number): number | undefined => m.get(t)?.readUInt16LE(0);
export const getBe16 = (m: AttrMap, t: number): number | undefined => m.get(t)?.readUInt16BE(0);
export const getU32 = (m: AttrMap, t: number): number | undefined => m.get(t)?.readUInt32LE(0);
export const getBe32 = (m: AttrMap, t: number): number | undefined => m.get(t)?.readUInt32BE(0);
/** u64 as a JS number: exact up to 2^53, which a counter reaches after ~285 years at 1 Mpps. */
export function getU64(m: AttrMap, t: number): number | undefined {
  const b = m.get(t);
  return b && b.length >= 8 ? Number(b.readBigUInt64LE(0)) : undefined;
}
export function getStr(m: AttrMap, t: number): string | undefined {
  const b = m.get(t);
  if (!b) return undefined;
  const nul = b.indexOf(0);
  return b.subarray(0, nul < 0 ? b.length : nul).toString("utf8");
}
export function getNested(m: AttrMap, t: number): AttrMap | undefined {
  const b = m.get(t);
  return b ? parseAttrs(b) : undefined;
}
