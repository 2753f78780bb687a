import type { Cluster } from "../model/cluster.ts";
import type { IpvsState, KernelDest, KernelService } from "../model/ipvs-state.ts";
import type { RealServer } from "../model/real-server.ts";
import type { VirtualService } from "../model/virtual-service.ts";
import { destKey } from "../model/keys.ts";
import { stateDestKey, stateServiceKey } from "../plan/keys.ts";

export interface DesiredOptions {
  /**
   * Real servers the health checker currently holds down, by `serviceKey destKey`.
   * quiesce -> weight 0; remove -> left out. Absent: everything enabled is in.
   */
  down?: ReadonlySet<string>;
}

export function realServerDest(rs: RealServer): KernelDest {
  const d: KernelDest = {
    address: rs.address,
    port: rs.port,
    forwarding: rs.forwarding,
    weight: rs.weight,
    upperThreshold: rs.upperThreshold,
    lowerThreshold: rs.lowerThreshold,
  };
  if (rs.forwarding === "tunnel" && rs.tunnel && rs.tunnel.type !== "ipip") {
    d.tunnelType = rs.tunnel.type;
    if (rs.tunnel.port !== undefined) d.tunnelPort = rs.tunnel.port;
    d.tunnelCsum = rs.tunnel.csum;
  }
  return d;
}

export function virtualServiceKernel(vs: VirtualService): Omit<KernelService, "dests"> {
  const s: Omit<KernelService, "dests"> = {
    protocol: vs.protocol,
    family: vs.family,
    scheduler: vs.scheduler,
    schedFlags: [...vs.schedFlags].sort(),
    onePacket: vs.onePacket,
  };
  if (vs.protocol === "fwmark") s.fwmark = vs.fwmark;
  else {
    s.address = vs.address;
    s.port = vs.port;
  }
  if (vs.persistence !== undefined) {
    s.persistence = vs.persistence;
    const full = vs.family === "inet6" ? 128 : 32;
    if (vs.persistenceNetmask !== undefined && vs.persistenceNetmask !== full) s.persistenceNetmask = vs.persistenceNetmask;
    if (vs.persistenceEngine) s.persistenceEngine = vs.persistenceEngine;
  }
  return s;
}

/**
 * The IPVS table a director of this cluster should hold: enabled services with their enabled
 * real servers, sorted by key so renderers and the planner are deterministic. Every director of a
 * cluster holds the same table (the backup is warm), so no director argument is needed here.
 */
export function desiredState(cluster: Cluster, opts: DesiredOptions = {}): IpvsState {
  const services: KernelService[] = [];
  // Keys are computed once per item (model addresses are canonical already, so stateServiceKey /
  // stateDestKey give serviceKey / destKey without re-parsing) and lists are sorted only when out
  // of order: this runs for 100,000 real servers.
  const serviceKeys: string[] = [];
  for (const vs of cluster.virtualServices) {
    if (!vs.enabled) continue;
    const svc = virtualServiceKernel(vs) as KernelService;
    const sk = stateServiceKey(svc);
    let dests: KernelDest[] = [];
    for (const rs of vs.realServers) {
      if (!rs.enabled) continue;
      const d = realServerDest(rs);
      if (opts.down?.has(`${sk} ${stateDestKey(d)}`)) {
        const check = rs.healthCheck ?? vs.healthCheck;
        if (check.type !== "none" && check.onFailure === "remove") continue;
        d.weight = 0;
      }
      dests.push(d);
    }
    const sorry = sorryDest(vs, dests);
    if (sorry) dests.push(sorry);
    if (!destsInKeyOrder(dests)) dests = sortedBy(dests, dests.map(stateDestKey));
    svc.dests = dests;
    services.push(svc);
    serviceKeys.push(sk);
  }
  const t = cluster.timeouts;
  const state: IpvsState = { services: sortedBy(services, serviceKeys) };
  if (t.tcp || t.tcpFin || t.udp) state.timeouts = { tcp: t.tcp, tcpFin: t.tcpFin, udp: t.udp };
  return state;
}

/**
 * keepalived's rule: when the live weight falls below the quorum (default 1, i.e. nobody is
 * up), the sorry server joins the table. Hysteresis needs memory of the last decision and is
 * applied by the agent before it calls desiredState (by how it fills `down`).
 */
function sorryDest(vs: VirtualService, dests: KernelDest[]): KernelDest | undefined {
  if (!vs.sorryServer) return undefined;
  const live = dests.reduce((sum, d) => sum + d.weight, 0);
  if (live >= (vs.quorum ?? 1)) return undefined;
  const key = destKey(vs.sorryServer);
  if (dests.some((d) => destKey(d) === key)) return undefined;
  return sorryServerDest(vs);
}

/** The sorry server as a table entry: reached the way the service's real servers are (keepalived's default). */
export function sorryServerDest(vs: VirtualService): KernelDest | undefined {
  if (!vs.sorryServer) return undefined;
  return {
    address: vs.sorryServer.address,
    port: vs.sorryServer.port,
    forwarding: vs.realServers[0]?.forwarding ?? "masq",
    weight: 1,
    upperThreshold: 0,
    lowerThreshold: 0,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * True when the real servers are already in destKey order, checked without building the keys:
 * "ADDR:PORT" strings compare as the address characters, then ":" against whatever follows,
 * then the port digits. IPv6 keys ("[ADDR]:PORT") are left to the string comparison.
 */
function destsInKeyOrder(dests: KernelDest[]): boolean {
  for (let i = 1; i < dests.length; i++) {
    const a = dests[i - 1]!;
    const b = dests[i]!;
    if (a.address.includes(":") || b.address.includes(":")) return false;
    if (compareHostPort(a.address, a.port, b.address, b.port) > 0) return false;
  }
  return true;
}

function compareHostPort(a: string, ap: number, b: string, bp: number): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  if (a.length !== b.length) {
    // one address is a prefix of the other: its ":" (58) meets the other's next character
    return a.length < b.length ? 58 - b.charCodeAt(n) : a.charCodeAt(n) - 58;
  }
  if (ap === bp) return 0;
  const as = String(ap);
  const bs = String(bp);
  return as < bs ? -1 : as > bs ? 1 : 0;
}

/** `items` in the order of their `keys` (same length); the same array when already in order. */
function sortedBy<T>(items: T[], keys: string[]): T[] {
  let inOrder = true;
  for (let i = 1; i < keys.length && inOrder; i++) if (keys[i - 1]! > keys[i]!) inOrder = false;
  if (inOrder) return items;
  const idx = keys.map((_, i) => i);
  idx.sort((a, b) => cmp(keys[a]!, keys[b]!));
  return idx.map((i) => items[i]!);
}
