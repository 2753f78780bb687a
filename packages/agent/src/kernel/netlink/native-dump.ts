import { loadAddon } from "../native/addon.ts";
import type { Attr } from "./attrs.ts";
import { groupDumpReplies } from "./dump-replies.ts";
import { encodeGenlBatch, NLM_F_DUMP, NLM_F_REQUEST, type GenlRequest, type NlMessage } from "./messages.ts";

/**
 * The native dump loop (packages/agent/native/ipvs_dump.c, built at install): many netlink dump
 * requests run back to back off the event loop with ~1 system call per 128 dumps (io_uring) or 2
 * per dump (sendmsg + recvmmsg). Optional: without it the npm `netlink` socket does the dumps.
 */

export type NativeMode = "auto" | "uring" | "mmsg";

export interface NativeDump {
  /** Where the addon was loaded from. */
  path: string;
  /** Runs the dumps; each result is the request's data messages or the errno the kernel answered. */
  dumps(family: number, version: number, cmd: number, attrsList: readonly (readonly Attr[])[]): Promise<(NlMessage[] | number)[]>;
  /** Runs the dumps; the raw output for walkDumpReplies (each message's seq is its request's index). */
  dumpsRaw(family: number, version: number, cmd: number, attrsList: readonly (readonly Attr[])[]): Promise<Buffer>;
  /**
   * The whole table in one call: request 0 is the service dump (serviceCmd), request k >= 1 the
   * destCmd dump of the k-th service it returned (built natively from that service's key).
   */
  readTable(family: number, version: number, serviceCmd: number, destCmd: number): Promise<{ data: Buffer; requests: number }>;
  /** Gives a readTable()/dumpsRaw() Buffer's memory back now; it must not be used afterwards. */
  release(data: Buffer): void;
  /** The mode the last call ran in ("uring", or "mmsg" where io_uring is unavailable); undefined before the first. */
  lastMode(): "uring" | "mmsg" | undefined;
}

/** The addon, or why not (not built, wrong platform, load error). */
export function loadNativeDump(opts: { path?: string; mode?: NativeMode } = {}): NativeDump | { error: string } {
  const found = loadAddon(opts.path);
  if ("error" in found) return found;
  const { addon, path } = found;
  let last: "uring" | "mmsg" | undefined;
  let mode: NativeMode = opts.mode ?? "auto";
  // reply bytes per request last time: the addon maps that much up front, populated at once
  let perRequest = 0;
  let tableBytes = 0;
  return {
    path,
    lastMode: () => last,
    dumpsRaw,
    release: (data) => addon.release?.(data),
    async readTable(family, version, serviceCmd, destCmd) {
      const req = encodeGenlBatch([{ family, version, cmd: serviceCmd, attrs: [], seq: 0, flags: NLM_F_REQUEST | NLM_F_DUMP }]);
      const r = await addon.dump(req, mode, Math.ceil(tableBytes * 1.1), destCmd);
      last = r.mode;
      if (mode === "auto") mode = r.mode;
      tableBytes = r.data.length;
      if (process.env.SHOAL_READ_PROFILE)
        console.error(
          `native (ms): service dump ${r.ms[0]!.toFixed(0)}, real-server dumps ${r.ms[1]!.toFixed(0)}, in all ${r.ms[2]!.toFixed(0)}; ${(r.data.length / 1e6).toFixed(1)} MB`,
        );
      return { data: r.data, requests: r.requests };
    },
    async dumps(family, version, cmd, attrsList) {
      // groupDumpReplies keeps views into the buffer: left to the garbage collector
      return groupDumpReplies(await dumpsRaw(family, version, cmd, attrsList), attrsList.length);
    },
  };
  async function dumpsRaw(family: number, version: number, cmd: number, attrsList: readonly (readonly Attr[])[]): Promise<Buffer> {
    if (attrsList.length === 0) return Buffer.alloc(0);
    const reqs: GenlRequest[] = attrsList.map((attrs) => ({ family, version, cmd, attrs, seq: 0, flags: NLM_F_REQUEST | NLM_F_DUMP }));
    const r = await addon.dump(encodeGenlBatch(reqs), mode, Math.ceil(perRequest * reqs.length * 1.1));
    if (reqs.length > 1) perRequest = r.data.length / reqs.length;
    // io_uring missing once means missing for good: skip the failed setup next time
    last = r.mode;
    if (mode === "auto") mode = r.mode;
    return r.data;
  }
}
