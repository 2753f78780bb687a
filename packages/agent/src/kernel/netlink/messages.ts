import { attrsLength, writeAttrs, type Attr } from "./attrs.ts";

/** Netlink message framing (struct nlmsghdr + struct genlmsghdr), host byte order. */

export const NLMSG_HDRLEN = 16;
export const GENL_HDRLEN = 4;

export const NLM_F_REQUEST = 0x1;
export const NLM_F_MULTI = 0x2;
export const NLM_F_ACK = 0x4;
export const NLM_F_DUMP = 0x300;

export const NLMSG_NOOP = 1;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
export const NLMSG_OVERRUN = 4;

export const GENL_ID_CTRL = 16;
export const CTRL_CMD_GETFAMILY = 3;
export const CTRL_ATTR_FAMILY_ID = 1;
export const CTRL_ATTR_FAMILY_NAME = 2;

export interface GenlRequest {
  family: number;
  cmd: number;
  version: number;
  flags: number;
  seq: number;
  attrs: readonly Attr[];
}

export function genlMessageLength(attrs: readonly Attr[]): number {
  return NLMSG_HDRLEN + GENL_HDRLEN + attrsLength(attrs);
}

/** Writes one generic netlink request at buf[offset..]; returns the offset after it. */
export function writeGenlMessage(buf: Buffer, offset: number, m: GenlRequest, portId = 0): number {
  const len = genlMessageLength(m.attrs);
  buf.writeUInt32LE(len, offset);
  buf.writeUInt16LE(m.family, offset + 4);
  buf.writeUInt16LE(m.flags, offset + 6);
  buf.writeUInt32LE(m.seq >>> 0, offset + 8);
  buf.writeUInt32LE(portId >>> 0, offset + 12);
  buf.writeUInt8(m.cmd, offset + 16);
  buf.writeUInt8(m.version, offset + 17);
  buf.writeUInt16LE(0, offset + 18);
  writeAttrs(buf, offset + NLMSG_HDRLEN + GENL_HDRLEN, m.attrs);
  return offset + len; // attribute lengths are 4-aligned, so the message is too
}

/** Several requests back to back in one buffer: the kernel processes them in order from one sendmsg(). */
export function encodeGenlBatch(msgs: readonly GenlRequest[]): Buffer {
  let total = 0;
  for (const m of msgs) total += genlMessageLength(m.attrs);
  const buf = Buffer.alloc(total);
  let off = 0;
  for (const m of msgs) off = writeGenlMessage(buf, off, m);
  return buf;
}

/** One received message. For NLMSG_ERROR, `error` is the (negative or 0) errno and `ackSeq` the acked request's seq. */
export interface NlMessage {
  type: number;
  flags: number;
  seq: number;
  pid: number;
  /** Payload after struct nlmsghdr. */
  payload: Buffer;
  error?: number;
  /** Generic netlink messages: command and the attribute area after struct genlmsghdr. */
  cmd?: number;
  attrs?: Buffer;
}

/** Splits a received datagram into its messages (a datagram may carry many). */
export function parseMessages(buf: Buffer): NlMessage[] {
  const out: NlMessage[] = [];
  let off = 0;
  while (off + NLMSG_HDRLEN <= buf.length) {
    const len = buf.readUInt32LE(off);
    if (len < NLMSG_HDRLEN || off + len > buf.length) throw new Error(`malformed netlink message at ${off} (len ${len})`);
    const m: NlMessage = {
      type: buf.readUInt16LE(off + 4),
      flags: buf.readUInt16LE(off + 6),
      seq: buf.readUInt32LE(off + 8),
      pid: buf.readUInt32LE(off + 12),
      payload: buf.subarray(off + NLMSG_HDRLEN, off + len),
    };
    if (m.type === NLMSG_ERROR || m.type === NLMSG_DONE) {
      m.error = m.payload.length >= 4 ? m.payload.readInt32LE(0) : 0;
    } else if (m.type >= GENL_ID_CTRL && m.payload.length >= GENL_HDRLEN) {
      m.cmd = m.payload.readUInt8(0);
      m.attrs = m.payload.subarray(GENL_HDRLEN);
    }
    out.push(m);
    off += (len + 3) & ~3;
  }
  return out;
}
