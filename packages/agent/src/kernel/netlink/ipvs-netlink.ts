import { stateDestKey, stateServiceKey, type IpvsState, type KernelService, type KernelTimeouts, type Operation, type ServiceKeyParts } from "@shoal/core";
import { ipvsErrorMessage } from "../errors.ts";
import type {
  ApplyResult,
  DestConns,
  DestCounters,
  DestStats,
  IpvsKernel,
  IpvsSnapshot,
  KernelOpError,
  PlanReadOptions,
  PlanView,
  ServiceCounters,
  ServiceStats,
} from "../types.ts";
import { readDestCounters, readServiceCounters, type CounterReadDeps } from "./counter-reads.ts";
import { ServiceCountersDecoder } from "./service-counters-decoder.ts";
import { ProcPlanView, type ExactService } from "../proc/plan-view.ts";
import { getNested, nest, NLA_TYPE_MASK, parseAttrs, type AttrMap } from "./attrs.ts";
import { decodeDestAt } from "./dest-decoder.ts";
import { walkDumpReplies } from "./dump-replies.ts";
import { GenlSocket, NetlinkError } from "./genl-socket.ts";
import type { NlMessage } from "./messages.ts";
import { loadNativeDump, type NativeDump, type NativeMode } from "./native-dump.ts";
import { Cmd, CmdAttr, IPVS_GENL_NAME, IPVS_GENL_VERSION } from "./ipvs-abi.ts";
import { decodeDest, decodeService, decodeTimeouts, operationCommand, serviceKeyAttrs, type DecodedDest, type DecodedStats } from "./ipvs-codec.ts";

const EBUSY = 16;
const ESRCH = 3;

export interface NetlinkIpvsOptions {
  /**
   * Operations per sendmsg(). The kernel answers only refusals (plus one ACK per send), and those
   * answers must fit the socket's receive buffer (net.core.rmem_max): 256 refusals do.
   */
  opsPerSend?: number;
  /**
   * Sockets reading real servers side by side. A dump of one service's real servers holds its
   * socket until the reader has taken the reply (the kernel writes NLMSG_DONE only on the next
   * recvmsg), so one socket reads one service per round trip; several sockets share each turn
   * of the event loop.
   */
  readSockets?: number;
  /**
   * How reads run their dumps: "auto" (default) the native dump loop (native/ipvs_dump.c) when
   * it is built, else the npm `netlink` socket; "native" requires the addon; "socket" never uses it.
   */
  dumpLoop?: "auto" | "native" | "socket";
  /** Where readPlanView() reads the table; default /proc/self/net/ip_vs (this process's namespace). */
  procPath?: string;
  /** Told when readPlanView() starts or stops trusting /proc. */
  log?: (message: string) => void;
  /** The addon's file, instead of looking for it (tests). */
  nativeAddon?: string;
  /** The native loop's system-call strategy; "auto": io_uring, else sendmsg + recvmmsg. */
  nativeMode?: NativeMode;
}

/** IPVS through its generic netlink family: what ipvsadm and keepalived use, minus a process per rule. */
export class NetlinkIpvsKernel implements IpvsKernel {
  readonly backend = "netlink" as const;
  private readonly opsPerSend: number;
  private readonly readSockets: number;
  private readers: GenlSocket[] = [];
  private readonly native: NativeDump | undefined;
  /** Why the native dump loop is not used ("" when it is). */
  readonly nativeUnavailable: string;

  private readonly planView: ProcPlanView;
  /** The live counters' service dump decoder: keeps each service's key between samples. */
  private readonly serviceCounters = new ServiceCountersDecoder();

  private constructor(
    private readonly sock: GenlSocket,
    private readonly family: number,
    opts: NetlinkIpvsOptions,
  ) {
    this.planView = new ProcPlanView(this, opts.procPath, opts.log);
    this.opsPerSend = Math.max(1, opts.opsPerSend ?? 256);
    this.readSockets = Math.max(1, opts.readSockets ?? 16);
    const loop = opts.dumpLoop ?? "auto";
    const n =
      loop === "socket"
        ? { error: "not asked for" }
        : loadNativeDump({ ...(opts.nativeAddon ? { path: opts.nativeAddon } : {}), ...(opts.nativeMode ? { mode: opts.nativeMode } : {}) });
    if ("error" in n) {
      if (loop === "native") throw new Error(`native dump loop unavailable: ${n.error}`);
      this.native = undefined;
      this.nativeUnavailable = n.error;
    } else {
      this.native = n;
      this.nativeUnavailable = "";
    }
  }

  /** How reads reach the kernel, for logs and doctor, e.g. "native dump loop (io_uring)". */
  get readPath(): string {
    if (!this.native) return `npm netlink socket (native dump loop: ${this.nativeUnavailable})`;
    const m = this.native.lastMode();
    return `native dump loop (${m === "mmsg" ? "sendmsg+recvmmsg" : m === "uring" ? "io_uring" : "io_uring, else sendmsg+recvmmsg"}) ${this.native.path}`;
  }

  /** Throws when netlink sockets are unavailable or the kernel has no IPVS family (ip_vs not loaded). */
  static async open(opts: NetlinkIpvsOptions = {}): Promise<NetlinkIpvsKernel> {
    const sock = new GenlSocket();
    try {
      const family = await sock.familyId(IPVS_GENL_NAME);
      if (family === undefined) throw new Error("the kernel has no IPVS generic netlink family (is ip_vs loaded?)");
      return new NetlinkIpvsKernel(sock, family, opts);
    } catch (e) {
      sock.close();
      throw e;
    }
  }

  async read(): Promise<IpvsState> {
    const [entries, timeouts] = await Promise.all([this.dumpAll(false), this.readTimeouts()]);
    return { services: entries.map((e) => e.service), timeouts };
  }

  async readWithStats(): Promise<IpvsSnapshot> {
    const [entries, timeouts] = await Promise.all([this.dumpAll(true), this.readTimeouts()]);
    return { state: { services: entries.map((e) => e.service), timeouts }, stats: entries.map((e) => e.stats) };
  }

  private async dumpAll(withStats: boolean): Promise<{ service: KernelService; stats: ServiceStats }[]> {
    const prof = process.env.SHOAL_READ_PROFILE ? [performance.now()] : undefined;
    const entries: { service: KernelService; stats: ServiceStats }[] = [];
    const addService = (svcAttrs: AttrMap | undefined) => {
      if (!svcAttrs) throw new Error("IPVS service dump: a reply without IPVS_CMD_ATTR_SERVICE");
      const { service, stats } = decodeService(svcAttrs);
      entries.push({ service, stats: { key: stateServiceKey(service), ...stats, dests: [] as DestStats[] } });
    };
    const refused = (e: (typeof entries)[number], r: unknown) => new Error(`IPVS real server dump of ${e.stats.key} refused: errno ${r}`);
    const addDest = (e: (typeof entries)[number], dd: DecodedDest) => {
      e.service.dests.push(dd.dest);
      if (withStats)
        e.stats.dests.push({
          address: dd.dest.address,
          port: dd.dest.port,
          ...stats(dd.stats),
          activeConns: dd.activeConns,
          inactiveConns: dd.inactiveConns,
          persistentConns: dd.persistentConns,
        });
    };
    if (this.native) {
      // the whole table in one native call, decoded in place from its one buffer: request 0 is
      // the service dump, request k the real servers of the k-th service
      const { data: buf, requests } = await this.native.readTable(this.family, IPVS_GENL_VERSION, Cmd.GET_SERVICE, Cmd.GET_DEST);
      prof?.push(performance.now());
      let status: number[];
      // decoding copies every value out (strings, numbers), so the ~4 KB per service of raw
      // replies can go back at once rather than whenever the garbage collector gets to them
      try {
        status = walkDumpReplies(buf, requests, (k, start, end) => {
          if (k === 0) return addService(getNested(parseAttrs(buf, start, end), CmdAttr.SERVICE));
          const e = entries[k - 1];
          if (!e) throw new Error(`IPVS real server dump ${k} without its service`);
          for (let o = start; o + 4 <= end;) {
            const len = buf.readUInt16LE(o);
            if (len < 4 || o + len > end) throw new Error(`malformed netlink attribute at ${o} (len ${len})`);
            if ((buf.readUInt16LE(o + 2) & NLA_TYPE_MASK) === CmdAttr.DEST) addDest(e, decodeDestAt(buf, o + 4, o + len, e.service.family, withStats));
            o += (len + 3) & ~3;
          }
        });
      } finally {
        this.native.release(buf);
      }
      if (status[0]) throw new Error(`IPVS service dump refused: errno ${status[0]}`);
      if (entries.length !== requests - 1) throw new Error(`IPVS table read: ${entries.length} services but ${requests - 1} real-server dumps`);
      status.forEach((errno, k) => {
        if (k && errno) throw refused(entries[k - 1]!, errno);
      });
    } else {
      const first = (await this.sock.dumps(this.family, IPVS_GENL_VERSION, Cmd.GET_SERVICE, [[]]))[0];
      if (typeof first === "number") throw new Error(`IPVS service dump refused: errno ${first}`);
      for (const m of first ?? []) addService(getNested(parseAttrs(m.attrs ?? Buffer.alloc(0)), CmdAttr.SERVICE));
      prof?.push(performance.now());
      // one dump per service for its real servers, on several sockets at once (a dump holds its
      // socket until its reply is read)
      while (this.readers.length < Math.min(this.readSockets, entries.length)) this.readers.push(this.readers.length === 0 ? this.sock : new GenlSocket());
      let next = 0;
      const readWith = async (sock: GenlSocket) => {
        for (let k = next++; k < entries.length; k = next++) {
          const e = entries[k]!;
          let r: NlMessage[] | number | undefined;
          do r = (await sock.dumps(this.family, IPVS_GENL_VERSION, Cmd.GET_DEST, [[nest(CmdAttr.SERVICE, serviceKeyAttrs(e.service))]]))[0];
          while (r === EBUSY);
          if (typeof r === "number" || r === undefined) throw refused(e, r);
          for (const m of r) {
            const d = getNested(parseAttrs(m.attrs ?? Buffer.alloc(0)), CmdAttr.DEST);
            if (d) addDest(e, decodeDest(d, e.service.family));
          }
        }
      };
      await Promise.all(this.readers.map(readWith));
    }
    prof?.push(performance.now());
    for (const e of entries) {
      const order = e.service.dests.map((d, i) => ({ k: stateDestKey(d), i })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
      e.service.dests = order.map((o) => e.service.dests[o.i]!);
      if (withStats) e.stats.dests = order.map((o) => e.stats.dests[o.i]!);
    }
    const sorted = entries.sort((a, b) => (a.stats.key < b.stats.key ? -1 : a.stats.key > b.stats.key ? 1 : 0));
    // SHOAL_READ_PROFILE: ms for the dumps, their decoding, the sorting (bench/agent/reads.sh probe)
    if (prof)
      console.error(`read profile (ms): ${prof.map((t, i) => (i ? (t - prof[i - 1]!).toFixed(0) : "")).join(" ")} ${(performance.now() - prof[prof.length - 1]!).toFixed(0)}`);
    return sorted;
  }

  readServiceCounters(): Promise<ServiceCounters[]> {
    return readServiceCounters(this.counterReads);
  }

  readDestCounters(services: readonly ServiceKeyParts[]): Promise<(DestCounters[] | undefined)[]> {
    return readDestCounters(this.counterReads, services);
  }

  private get counterReads(): CounterReadDeps {
    return { sock: this.sock, family: this.family, native: this.native, services: this.serviceCounters };
  }

  /** See ProcPlanView: /proc/net/ip_vs, with netlink for what it cannot show. */
  readPlanView(opts: PlanReadOptions): Promise<PlanView> {
    return this.planView.read(opts);
  }

  /** Why readPlanView() reads through netlink only ("" when it uses /proc). */
  get planViewDistrust(): string {
    return this.planView.distrust;
  }

  /** How readPlanView() last read /proc ("uring" or "read" natively, "node"), with its system calls. */
  get planViewFileRead(): { mode: string; calls: number } | undefined {
    return this.planView.fileRead;
  }

  /** Some services alone (GET_SERVICE, then a GET_DEST dump each), by key; gone ones absent. */
  async readServices(wanted: readonly KernelService[]): Promise<Map<string, ExactService>> {
    const found = await Promise.all(
      wanted.map((w) =>
        this.sock.request(this.family, IPVS_GENL_VERSION, Cmd.GET_SERVICE, [nest(CmdAttr.SERVICE, serviceKeyAttrs(w))]).then(
          (m) => {
            const a = getNested(parseAttrs(m.attrs ?? Buffer.alloc(0)), CmdAttr.SERVICE);
            if (!a) throw new Error("IPVS GET_SERVICE: a reply without IPVS_CMD_ATTR_SERVICE");
            return decodeService(a).service;
          },
          (e: unknown) => {
            if (e instanceof NetlinkError && e.errno === ESRCH) return undefined;
            throw e;
          },
        ),
      ),
    );
    const services = found.filter((s): s is KernelService => s !== undefined);
    const attrsList = services.map((s) => [nest(CmdAttr.SERVICE, serviceKeyAttrs(s))]);
    let replies: (NlMessage[] | number | undefined)[];
    if (this.native) replies = await this.native.dumps(this.family, IPVS_GENL_VERSION, Cmd.GET_DEST, attrsList);
    else {
      replies = [];
      for (const attrs of attrsList) {
        let r: NlMessage[] | number | undefined;
        do r = (await this.sock.dumps(this.family, IPVS_GENL_VERSION, Cmd.GET_DEST, [attrs]))[0];
        while (r === EBUSY);
        replies.push(r);
      }
    }
    const out = new Map<string, ExactService>();
    services.forEach((service, i) => {
      const r = replies[i];
      const key = stateServiceKey(service);
      if (r === ESRCH) return;
      if (typeof r === "number" || r === undefined) throw new Error(`IPVS real server dump of ${key} refused: errno ${r}`);
      const conns = new Map<string, DestConns>();
      for (const m of r) {
        const d = getNested(parseAttrs(m.attrs ?? Buffer.alloc(0)), CmdAttr.DEST);
        if (!d) continue;
        const dd = decodeDest(d, service.family);
        service.dests.push(dd.dest);
        conns.set(stateDestKey(dd.dest), { active: dd.activeConns, inactive: dd.inactiveConns });
      }
      service.dests.sort((a, b) => (stateDestKey(a) < stateDestKey(b) ? -1 : 1));
      out.set(key, { service, conns });
    });
    return out;
  }

  async readTimeouts(): Promise<KernelTimeouts> {
    const m = await this.sock.request(this.family, IPVS_GENL_VERSION, Cmd.GET_CONFIG, []);
    return decodeTimeouts(parseAttrs(m.attrs ?? Buffer.alloc(0)));
  }

  async apply(ops: readonly Operation[]): Promise<ApplyResult> {
    const applied: number[] = [];
    for (let start = 0; start < ops.length; start += this.opsPerSend) {
      const chunk = ops.slice(start, start + this.opsPerSend);
      let refused: Map<number, number>;
      try {
        refused = await this.sock.batch(this.family, IPVS_GENL_VERSION, chunk.map(operationCommand));
      } catch (e) {
        // the send or its answers were lost (e.g. ENOBUFS): nothing of this chunk is known
        const errno = Math.abs((e as { errno?: number }).errno ?? 0);
        const op = chunk[0]!;
        return {
          ok: false,
          applied,
          backend: this.backend,
          errors: [
            { index: start, op, errno, message: `netlink: ${(e as Error).message}; outcome of operations ${start}..${start + chunk.length - 1} unknown: re-read the kernel` },
          ],
          notAttempted: range(start + chunk.length, ops.length),
        };
      }
      const errors: KernelOpError[] = [];
      chunk.forEach((op, i) => {
        const errno = refused.get(i);
        if (errno === undefined) applied.push(start + i);
        else errors.push({ index: start + i, op, errno, message: ipvsErrorMessage(op.kind, errno) });
      });
      if (errors.length) return { ok: false, applied, errors, notAttempted: range(start + chunk.length, ops.length), backend: this.backend };
    }
    return { ok: true, applied, errors: [], notAttempted: [], backend: this.backend };
  }

  async close(): Promise<void> {
    for (const r of this.readers) if (r !== this.sock) r.close();
    this.readers = [];
    this.sock.close();
  }
}

function stats(s: DecodedStats): DecodedStats {
  return { counters: s.counters, rates: s.rates };
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}
