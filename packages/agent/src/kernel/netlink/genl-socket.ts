import { createRequire } from "node:module";
import { encodeAttrs, getU16, parseAttrs, str, type Attr } from "./attrs.ts";
import {
  CTRL_ATTR_FAMILY_ID,
  CTRL_ATTR_FAMILY_NAME,
  CTRL_CMD_GETFAMILY,
  encodeGenlBatch,
  GENL_ID_CTRL,
  NLM_F_ACK,
  NLM_F_DUMP,
  NLM_F_REQUEST,
  NLMSG_DONE,
  NLMSG_ERROR,
  parseMessages,
  type GenlRequest,
  type NlMessage,
} from "./messages.ts";

/**
 * A generic netlink socket that can put many requests in one sendmsg() and match the replies
 * back by sequence number. The only place that touches the `netlink` npm package (its raw
 * AF_NETLINK socket); everything else is our own encoding, so the package can be swapped for
 * any addon that sends and receives datagrams.
 */

const NETLINK_GENERIC = 16;

interface RawSocket {
  send(msg: Uint8Array | Uint8Array[], options?: { port?: number }, cb?: (err?: Error) => void): void;
  on(ev: "message", l: (msg: Buffer) => void): unknown;
  on(ev: "error", l: (err: Error & { errno?: number }) => void): unknown;
  close(): void;
  ref(): void;
  unref(): void;
}

type RawCtor = new (protocol: number, options?: { recvBufferSize?: number; sendBufferSize?: number }) => RawSocket;

function loadRawSocket(): RawCtor {
  // createRequire: the package is CommonJS with a native addon found relative to its own files
  const req = createRequire(import.meta.url);
  return (req("netlink") as { RawNetlinkSocket: RawCtor }).RawNetlinkSocket;
}

/** A netlink error reply: errno positive, as in errno.h. */
export class NetlinkError extends Error {
  constructor(
    readonly errno: number,
    what: string,
  ) {
    super(`${what}: errno ${errno}`);
    this.name = "NetlinkError";
  }
}

interface Pending {
  onMessage(m: NlMessage): boolean; // true when the request is complete
  fail(e: Error): void;
}

export class GenlSocket {
  private readonly raw: RawSocket;
  private seq = Math.floor(Math.random() * 0x7fffffff);
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  constructor(bufferBytes = 4 << 20) {
    const Raw = loadRawSocket();
    // the kernel caps these at net.core.{r,w}mem_max; asking for more is harmless
    this.raw = new Raw(NETLINK_GENERIC, { recvBufferSize: bufferBytes, sendBufferSize: bufferBytes });
    this.raw.unref();
    this.raw.on("message", (buf) => this.receive(buf));
    this.raw.on("error", (err) => {
      // e.g. ENOBUFS: replies were dropped, so no pending request can be trusted to complete
      const all = [...this.pending.values()];
      this.pending.clear();
      this.raw.unref();
      for (const p of all) p.fail(err);
    });
  }

  nextSeq(): number {
    this.seq = (this.seq + 1) & 0x7fffffff || 1;
    return this.seq;
  }

  private receive(buf: Buffer): void {
    let msgs: NlMessage[];
    try {
      msgs = parseMessages(buf);
    } catch {
      return;
    }
    for (const m of msgs) {
      const p = this.pending.get(m.seq);
      if (p && p.onMessage(m)) {
        this.pending.delete(m.seq);
        if (this.pending.size === 0) this.raw.unref();
      }
    }
  }

  private track(seq: number, p: Pending): void {
    if (this.pending.size === 0) this.raw.ref();
    this.pending.set(seq, p);
  }

  private sendBuffer(buf: Buffer, seqs: number[]): void {
    this.raw.send(buf, { port: 0 }, (err) => {
      if (!err) return;
      for (const s of seqs) {
        const p = this.pending.get(s);
        this.pending.delete(s);
        p?.fail(err);
      }
      if (this.pending.size === 0) this.raw.unref();
    });
  }

  /**
   * Sends the commands in ONE sendmsg(); only the last asks for an ACK, so the kernel writes a
   * reply only for refusals and for that last one. It handles the messages of one send in order,
   * so once the last ACK is in, every refusal before it is in too. Resolves to errno by index.
   */
  batch(family: number, version: number, cmds: readonly { cmd: number; attrs: readonly Attr[] }[]): Promise<Map<number, number>> {
    if (this.closed) return Promise.reject(new Error("netlink socket closed"));
    const errors = new Map<number, number>();
    if (cmds.length === 0) return Promise.resolve(errors);
    const reqs: GenlRequest[] = cmds.map((c, i) => ({
      family,
      version,
      cmd: c.cmd,
      attrs: c.attrs,
      seq: this.nextSeq(),
      flags: NLM_F_REQUEST | (i === cmds.length - 1 ? NLM_F_ACK : 0),
    }));
    return new Promise((resolve, reject) => {
      const seqs = reqs.map((r) => r.seq);
      const last = seqs[seqs.length - 1]!;
      let settled = false;
      const fail = (e: Error) => {
        if (settled) return;
        settled = true;
        for (const s of seqs) this.pending.delete(s);
        reject(e);
      };
      reqs.forEach((r, i) =>
        this.track(r.seq, {
          onMessage: (m) => {
            if (m.type !== NLMSG_ERROR) return false;
            if (m.error) errors.set(i, -m.error);
            if (r.seq === last && !settled) {
              settled = true;
              for (const s of seqs) this.pending.delete(s);
              resolve(errors);
            }
            return true;
          },
          fail,
        }),
      );
      this.sendBuffer(encodeGenlBatch(reqs), seqs);
    });
  }

  /**
   * Several dump requests in one sendmsg(). Each resolves to its messages, or to the errno the
   * kernel answered (EBUSY when an earlier dump of the same send was still running: retry it).
   */
  dumps(family: number, version: number, cmd: number, attrsList: readonly (readonly Attr[])[]): Promise<(NlMessage[] | number)[]> {
    if (this.closed) return Promise.reject(new Error("netlink socket closed"));
    const reqs: GenlRequest[] = attrsList.map((attrs) => ({ family, version, cmd, attrs, seq: this.nextSeq(), flags: NLM_F_REQUEST | NLM_F_DUMP }));
    const results: (NlMessage[] | number | undefined)[] = reqs.map(() => undefined);
    if (reqs.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      let left = reqs.length;
      let settled = false;
      const seqs = reqs.map((r) => r.seq);
      const collected = reqs.map((): NlMessage[] => []);
      const done = (i: number, v: NlMessage[] | number) => {
        results[i] = v;
        if (--left === 0 && !settled) {
          settled = true;
          resolve(results as (NlMessage[] | number)[]);
        }
      };
      reqs.forEach((r, i) =>
        this.track(r.seq, {
          onMessage: (m) => {
            if (m.type === NLMSG_DONE) {
              if (m.error) done(i, -m.error);
              else done(i, collected[i]!);
              return true;
            }
            if (m.type === NLMSG_ERROR) {
              done(i, m.error ? -m.error : collected[i]!);
              return true;
            }
            collected[i]!.push(m);
            return false;
          },
          fail: (e) => {
            if (settled) return;
            settled = true;
            for (const s of seqs) this.pending.delete(s);
            reject(e);
          },
        }),
      );
      this.sendBuffer(encodeGenlBatch(reqs), seqs);
    });
  }

  /** One request with one reply message (GET_CONFIG, GET_INFO, the controller). */
  async request(family: number, version: number, cmd: number, attrs: readonly Attr[]): Promise<NlMessage> {
    if (this.closed) throw new Error("netlink socket closed");
    const seq = this.nextSeq();
    const req: GenlRequest = { family, version, cmd, attrs, seq, flags: NLM_F_REQUEST };
    return new Promise((resolve, reject) => {
      this.track(seq, {
        onMessage: (m) => {
          if (m.type === NLMSG_ERROR) {
            if (m.error) reject(new NetlinkError(-m.error, `netlink command ${cmd}`));
            return !!m.error;
          }
          resolve(m);
          return true;
        },
        fail: reject,
      });
      this.sendBuffer(encodeGenlBatch([req]), [seq]);
    });
  }

  /** The generic netlink family id of NAME (e.g. "IPVS"), or undefined when the kernel has none. */
  async familyId(name: string): Promise<number | undefined> {
    try {
      const m = await this.request(GENL_ID_CTRL, 1, CTRL_CMD_GETFAMILY, [str(CTRL_ATTR_FAMILY_NAME, name)]);
      return getU16(parseAttrs(m.attrs ?? Buffer.alloc(0)), CTRL_ATTR_FAMILY_ID);
    } catch (e) {
      if (e instanceof NetlinkError && e.errno === 2) return undefined; // ENOENT
      throw e;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const all = [...this.pending.values()];
    this.pending.clear();
    this.raw.close();
    for (const p of all) p.fail(new Error("netlink socket closed"));
  }
}

export { encodeAttrs };
