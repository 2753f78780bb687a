import { GENL_HDRLEN, NLMSG_DONE, NLMSG_ERROR, NLMSG_HDRLEN, type NlMessage, parseMessages } from "./messages.ts";

/**
 * The native dump loop's output (native/ipvs_dump.c): every reply message of N dump requests,
 * each message's nlmsg_seq rewritten to its request's index, in arrival order.
 */

/**
 * Walks the output once without making an object per message: calls onData(i, attrsStart,
 * attrsEnd) for each generic netlink data message of request i (its attribute area), and returns
 * per request 0 (ended by NLMSG_DONE or an ACK) or the positive errno the kernel answered it with.
 */
export function walkDumpReplies(buf: Buffer, count: number, onData: (i: number, attrsStart: number, attrsEnd: number) => void): number[] {
  const status = new Array<number>(count).fill(-1);
  let off = 0;
  while (off + NLMSG_HDRLEN <= buf.length) {
    const len = buf.readUInt32LE(off);
    if (len < NLMSG_HDRLEN || off + len > buf.length) throw new Error(`malformed netlink message at ${off} (len ${len})`);
    const type = buf.readUInt16LE(off + 4);
    const i = buf.readUInt32LE(off + 8);
    if (i >= count) throw new Error(`native dump: a reply for request ${i} of ${count}`);
    if (status[i] !== -1) throw new Error(`native dump: request ${i} answered after its end`);
    if (type === NLMSG_DONE || type === NLMSG_ERROR) {
      const e = len >= NLMSG_HDRLEN + 4 ? buf.readInt32LE(off + NLMSG_HDRLEN) : 0;
      status[i] = e < 0 ? -e : e;
    } else if (len >= NLMSG_HDRLEN + GENL_HDRLEN) onData(i, off + NLMSG_HDRLEN + GENL_HDRLEN, off + len);
    off += (len + 3) & ~3;
  }
  const missing = status.indexOf(-1);
  if (missing >= 0) throw new Error(`native dump: request ${missing} of ${count} has no end (NLMSG_DONE)`);
  return status;
}

/** One result per request, the shape GenlSocket.dumps() gives: its data messages, or the errno. */
export function groupDumpReplies(buf: Buffer, count: number): (NlMessage[] | number)[] {
  const collected: NlMessage[][] = [];
  for (let i = 0; i < count; i++) collected.push([]);
  const status = walkDumpReplies(buf, count, (i, start, end) => {
    collected[i]!.push(parseMessages(buf.subarray(start - GENL_HDRLEN - NLMSG_HDRLEN, end))[0]!);
  });
  return status.map((e, i) => (e ? e : collected[i]!));
}
