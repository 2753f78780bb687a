import { stateDestKey, stateServiceKey, type IpvsState, type KernelService, type KernelTimeouts, type Operation } from "@shoal/core";
import { ipvsErrorMessage } from "../errors.ts";
import type { ApplyResult, DestStats, IpvsKernel, IpvsSnapshot, KernelOpError, ServiceStats } from "../types.ts";
import { getNested, nest, parseAttrs } from "./attrs.ts";
import { GenlSocket } from "./genl-socket.ts";
import { Cmd, CmdAttr, IPVS_GENL_NAME, IPVS_GENL_VERSION } from "./ipvs-abi.ts";
import { decodeDest, decodeService, decodeTimeouts, operationCommand, serviceKeyAttrs, type DecodedStats } from "./ipvs-codec.ts";

const EBUSY = 16;

export interface NetlinkIpvsOptions {
  /**
   * Operations per sendmsg(). The kernel answers only refusals (plus one ACK per send), and those
   * answers must fit the socket's receive buffer (net.core.rmem_max): 256 refusals do.
   */
  opsPerSend?: number;
  /** Dest dump requests per sendmsg() while reading. */
  dumpsPerSend?: number;
}

/** IPVS through its generic netlink family: what ipvsadm and keepalived use, minus a process per rule. */
export class NetlinkIpvsKernel implements IpvsKernel {
  readonly backend = "netlink" as const;
  private readonly opsPerSend: number;
  private readonly dumpsPerSend: number;

  private constructor(private readonly sock: GenlSocket, private readonly family: number, opts: NetlinkIpvsOptions) {
    this.opsPerSend = Math.max(1, opts.opsPerSend ?? 256);
    this.dumpsPerSend = Math.max(1, opts.dumpsPerSend ?? 64);
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
    return (await this.readWithStats()).state;
  }

  async readWithStats(): Promise<IpvsSnapshot> {
    const [entries, timeouts] = await Promise.all([this.dumpAll(), this.readTimeouts()]);
    return { state: { services: entries.map((e) => e.service), timeouts }, stats: entries.map((e) => e.stats) };
  }

  private async dumpAll(): Promise<{ service: KernelService; stats: ServiceStats }[]> {
    const replies = await this.sock.dumps(this.family, IPVS_GENL_VERSION, Cmd.GET_SERVICE, [[]]);
    const first = replies[0];
    if (typeof first === "number") throw new Error(`IPVS service dump refused: errno ${first}`);
    const entries = (first ?? []).map((m) => {
      const svc = getNested(parseAttrs(m.attrs ?? Buffer.alloc(0)), CmdAttr.SERVICE);
      if (!svc) throw new Error("IPVS service dump: a reply without IPVS_CMD_ATTR_SERVICE");
      const { service, stats } = decodeService(svc);
      return { service, stats: { key: stateServiceKey(service), ...stats, dests: [] as DestStats[] } };
    });
    // one dump per service for its real servers, many dumps per sendmsg(); a dump still running
    // makes the next one of the same send fail with EBUSY, so those go again in the next round
    let todo = entries.map((_, i) => i);
    while (todo.length) {
      const retry: number[] = [];
      for (let i = 0; i < todo.length; i += this.dumpsPerSend) {
        const part = todo.slice(i, i + this.dumpsPerSend);
        const res = await this.sock.dumps(this.family, IPVS_GENL_VERSION, Cmd.GET_DEST, part.map((k) => [nest(CmdAttr.SERVICE, serviceKeyAttrs(entries[k]!.service))]));
        res.forEach((r, j) => {
          const k = part[j]!;
          if (r === EBUSY) return void retry.push(k);
          if (typeof r === "number") throw new Error(`IPVS real server dump of ${entries[k]!.stats.key} refused: errno ${r}`);
          const e = entries[k]!;
          for (const m of r) {
            const d = getNested(parseAttrs(m.attrs ?? Buffer.alloc(0)), CmdAttr.DEST);
            if (!d) continue;
            const dd = decodeDest(d, e.service.family);
            e.service.dests.push(dd.dest);
            e.stats.dests.push({ address: dd.dest.address, port: dd.dest.port, ...stats(dd.stats), activeConns: dd.activeConns, inactiveConns: dd.inactiveConns, persistentConns: dd.persistentConns });
          }
        });
      }
      todo = retry;
    }
    for (const e of entries) {
      const order = e.service.dests.map((d, i) => ({ k: stateDestKey(d), i })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
      e.service.dests = order.map((o) => e.service.dests[o.i]!);
      e.stats.dests = order.map((o) => e.stats.dests[o.i]!);
    }
    return entries.sort((a, b) => (a.stats.key < b.stats.key ? -1 : a.stats.key > b.stats.key ? 1 : 0));
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
          ok: false, applied, backend: this.backend,
          errors: [{ index: start, op, errno, message: `netlink: ${(e as Error).message}; outcome of operations ${start}..${start + chunk.length - 1} unknown: re-read the kernel` }],
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
