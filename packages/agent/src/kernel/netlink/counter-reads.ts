import { stateServiceKey, type ServiceKeyParts } from "@shoal/core";
import type { DestCounters, ServiceCounters } from "../types.ts";
import { getNested, nest, NLA_TYPE_MASK, parseAttrs } from "./attrs.ts";
import { decodeDestAt } from "./dest-decoder.ts";
import { walkDumpReplies } from "./dump-replies.ts";
import type { GenlSocket } from "./genl-socket.ts";
import { Cmd, CmdAttr, IPVS_GENL_VERSION } from "./ipvs-abi.ts";
import { decodeDest, serviceKeyAttrs } from "./ipvs-codec.ts";
import type { ServiceCountersDecoder } from "./service-counters-decoder.ts";
import type { NlMessage } from "./messages.ts";
import type { NativeDump } from "./native-dump.ts";

/**
 * The live counters' two reads: every service's counters in the one GET_SERVICE dump (the kernel
 * puts each service's stats in it), and GET_DEST dumps for the services the caller names. IPVS
 * counts a packet in its real server's and its service's stats together, so a service whose
 * counters did not move has real servers whose counters did not either (metrics/incremental.ts).
 */

const EBUSY = 16;
const ESRCH = 3;

export interface CounterReadDeps {
  sock: GenlSocket;
  family: number;
  native: NativeDump | undefined;
  /** Keeps the services' keys between dumps (one per kernel object). */
  services: ServiceCountersDecoder;
}

export async function readServiceCounters(d: CounterReadDeps): Promise<ServiceCounters[]> {
  const out: ServiceCounters[] = [];
  d.services.begin();
  const add = (buf: Buffer, start: number, end: number) => {
    for (let o = start; o + 4 <= end;) {
      const len = buf.readUInt16LE(o);
      if (len < 4 || o + len > end) throw new Error(`malformed netlink attribute at ${o} (len ${len})`);
      if ((buf.readUInt16LE(o + 2) & NLA_TYPE_MASK) === CmdAttr.SERVICE) return void out.push(d.services.decode(buf, o + 4, o + len));
      o += (len + 3) & ~3;
    }
    throw new Error("IPVS service dump: a reply without IPVS_CMD_ATTR_SERVICE");
  };
  if (d.native) {
    const buf = await d.native.dumpsRaw(d.family, IPVS_GENL_VERSION, Cmd.GET_SERVICE, [[]]);
    try {
      const [errno] = walkDumpReplies(buf, 1, (_i, start, end) => add(buf, start, end));
      if (errno) throw new Error(`IPVS service dump refused: errno ${errno}`);
    } finally {
      d.native.release(buf);
    }
    return out;
  }
  const first = (await d.sock.dumps(d.family, IPVS_GENL_VERSION, Cmd.GET_SERVICE, [[]]))[0];
  if (typeof first === "number") throw new Error(`IPVS service dump refused: errno ${first}`);
  for (const m of first ?? []) if (m.attrs) add(m.attrs, 0, m.attrs.length);
  return out;
}

function destCounters(dd: ReturnType<typeof decodeDestAt>): DestCounters {
  return { address: dd.dest.address, port: dd.dest.port, weight: dd.dest.weight, activeConns: dd.activeConns, inactiveConns: dd.inactiveConns, counters: dd.stats.counters };
}

export async function readDestCounters(d: CounterReadDeps, services: readonly ServiceKeyParts[]): Promise<(DestCounters[] | undefined)[]> {
  if (services.length === 0) return [];
  const attrsList = services.map((s) => [nest(CmdAttr.SERVICE, serviceKeyAttrs(s))]);
  const out: (DestCounters[] | undefined)[] = services.map(() => []);
  if (d.native) {
    const buf = await d.native.dumpsRaw(d.family, IPVS_GENL_VERSION, Cmd.GET_DEST, attrsList);
    let status: number[];
    try {
      status = walkDumpReplies(buf, services.length, (i, start, end) => {
        for (let o = start; o + 4 <= end;) {
          const len = buf.readUInt16LE(o);
          if (len < 4 || o + len > end) throw new Error(`malformed netlink attribute at ${o} (len ${len})`);
          if ((buf.readUInt16LE(o + 2) & NLA_TYPE_MASK) === CmdAttr.DEST) out[i]!.push(destCounters(decodeDestAt(buf, o + 4, o + len, services[i]!.family, true)));
          o += (len + 3) & ~3;
        }
      });
    } finally {
      d.native.release(buf);
    }
    status.forEach((errno, i) => settle(out, i, errno, services[i]!));
    return out;
  }
  for (let i = 0; i < services.length; i++) {
    let r: NlMessage[] | number | undefined;
    do r = (await d.sock.dumps(d.family, IPVS_GENL_VERSION, Cmd.GET_DEST, [attrsList[i]!]))[0];
    while (r === EBUSY);
    if (typeof r === "number" || r === undefined) {
      settle(out, i, r ?? -1, services[i]!);
      continue;
    }
    for (const m of r) {
      const a = getNested(parseAttrs(m.attrs ?? Buffer.alloc(0)), CmdAttr.DEST);
      if (a) {
        const dd = decodeDest(a, services[i]!.family);
        out[i]!.push({
          address: dd.dest.address,
          port: dd.dest.port,
          weight: dd.dest.weight,
          activeConns: dd.activeConns,
          inactiveConns: dd.inactiveConns,
          counters: dd.stats.counters,
        });
      }
    }
  }
  return out;
}

/** A service deleted between the service dump and its real servers' dump answers ESRCH. */
function settle(out: (DestCounters[] | undefined)[], i: number, errno: number, s: ServiceKeyParts): void {
  if (!errno) return;
  if (errno === ESRCH) out[i] = undefined;
  else throw new Error(`IPVS real server dump of ${stateServiceKey(s)} refused: errno ${errno}`);
}
