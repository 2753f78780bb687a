import type { Message } from "../diagnostics.ts";
import type { IpvsState, KernelDest, KernelService, KernelTimeouts } from "../model/ipvs-state.ts";
import type { ServiceKeyParts } from "../model/keys.ts";
import type { ServiceSpec } from "./operations.ts";
import { stateDestKey, stateServiceKey } from "./keys.ts";

interface Entry {
  spec: ServiceSpec;
  dests: Map<string, KernelDest>;
}

/**
 * A mutable IPVS table that answers each change the way the kernel does (EEXIST, ESRCH,
 * ENOENT), with ipvsadm's wording. Shared by applyOperations and the -R batch reader, so both
 * agree on what a batch does. Insertion order is kept (new services and dests go last).
 */
export class IpvsTable {
  private services = new Map<string, Entry>();
  timeouts: KernelTimeouts | undefined;
  /** Batches name one service on many consecutive lines: skip re-keying it (compares fields, so mutation is safe). */
  private last: ServiceKeyParts = { protocol: "tcp", family: "inet" };
  private lastKey = "";

  private key(s: ServiceKeyParts): string {
    const l = this.last;
    if (!this.lastKey || s.protocol !== l.protocol || s.family !== l.family || s.address !== l.address || s.port !== l.port || s.fwmark !== l.fwmark) {
      this.last = { protocol: s.protocol, family: s.family, address: s.address, port: s.port, fwmark: s.fwmark };
      this.lastKey = stateServiceKey(s);
    }
    return this.lastKey;
  }

  constructor(state?: IpvsState) {
    if (!state) return;
    for (const s of state.services) {
      const m = new Map<string, KernelDest>();
      for (const d of s.dests) m.set(stateDestKey(d), copyDest(d));
      this.services.set(stateServiceKey(s), { spec: clean(s), dests: m });
    }
    if (state.timeouts) this.timeouts = { ...state.timeouts };
  }

  has(s: ServiceKeyParts): boolean {
    return this.services.has(stateServiceKey(s));
  }

  addService(spec: ServiceSpec): Message | undefined {
    const k = stateServiceKey(spec);
    if (this.services.has(k)) return { en: `Service already exists: ${k}`, zh: `服务已存在：${k}` };
    this.services.set(k, { spec: clean(spec), dests: new Map() });
    return undefined;
  }

  editService(spec: ServiceSpec): Message | undefined {
    const e = this.services.get(stateServiceKey(spec));
    if (!e) return noService(spec);
    e.spec = clean(spec);
    return undefined;
  }

  deleteService(s: ServiceKeyParts): Message | undefined {
    return this.services.delete(stateServiceKey(s)) ? undefined : noService(s);
  }

  addDest(s: ServiceKeyParts, d: KernelDest): Message | undefined {
    const e = this.services.get(this.key(s));
    if (!e) return notDefined(s);
    const k = stateDestKey(d);
    if (e.dests.has(k)) return { en: `Destination already exists: ${k} in ${stateServiceKey(s)}`, zh: `真实服务器已存在：${stateServiceKey(s)} 中的 ${k}` };
    e.dests.set(k, copyDest(d));
    return undefined;
  }

  editDest(s: ServiceKeyParts, d: KernelDest): Message | undefined {
    const e = this.services.get(this.key(s));
    if (!e) return notDefined(s);
    const k = stateDestKey(d);
    if (!e.dests.has(k)) return noDest(s, k);
    e.dests.set(k, copyDest(d));
    return undefined;
  }

  deleteDest(s: ServiceKeyParts, d: { address: string; port: number }): Message | undefined {
    const e = this.services.get(this.key(s));
    if (!e) return notDefined(s);
    const k = stateDestKey(d);
    return e.dests.delete(k) ? undefined : noDest(s, k);
  }

  /** --set: a 0 keeps the current value, as in the kernel. */
  setTimeouts(t: KernelTimeouts): void {
    const cur = this.timeouts;
    this.timeouts = { tcp: t.tcp || cur?.tcp || 0, tcpFin: t.tcpFin || cur?.tcpFin || 0, udp: t.udp || cur?.udp || 0 };
  }

  clear(): void {
    this.services.clear();
  }

  toState(): IpvsState {
    const services: KernelService[] = [];
    for (const e of this.services.values()) {
      const s = clean(e.spec) as KernelService;
      s.dests = [...e.dests.values()];
      services.push(s);
    }
    const state: IpvsState = { services };
    if (this.timeouts) state.timeouts = this.timeouts;
    return state;
  }
}

/** A copy of a spec without undefined-valued keys (and without dests), so deep equality with parsed states holds. */
function clean(spec: ServiceSpec): ServiceSpec {
  const out: ServiceSpec = { protocol: spec.protocol, family: spec.family, scheduler: spec.scheduler, schedFlags: [...spec.schedFlags], onePacket: spec.onePacket };
  if (spec.address !== undefined) out.address = spec.address;
  if (spec.port !== undefined) out.port = spec.port;
  if (spec.fwmark !== undefined) out.fwmark = spec.fwmark;
  if (spec.persistence !== undefined) out.persistence = spec.persistence;
  if (spec.persistenceNetmask !== undefined) out.persistenceNetmask = spec.persistenceNetmask;
  if (spec.persistenceEngine !== undefined) out.persistenceEngine = spec.persistenceEngine;
  return out;
}

/** An explicit copy (object spread is slow on a 100,000-entry table). */
function copyDest(d: KernelDest): KernelDest {
  const out: KernelDest = { address: d.address, port: d.port, forwarding: d.forwarding, weight: d.weight, upperThreshold: d.upperThreshold, lowerThreshold: d.lowerThreshold };
  if (d.tunnelType !== undefined) out.tunnelType = d.tunnelType;
  if (d.tunnelPort !== undefined) out.tunnelPort = d.tunnelPort;
  if (d.tunnelCsum !== undefined) out.tunnelCsum = d.tunnelCsum;
  return out;
}

function noService(s: ServiceKeyParts): Message {
  return { en: `No such service: ${stateServiceKey(s)}`, zh: `没有该服务：${stateServiceKey(s)}` };
}
function notDefined(s: ServiceKeyParts): Message {
  return { en: `Service not defined: ${stateServiceKey(s)}`, zh: `服务未定义：${stateServiceKey(s)}` };
}
function noDest(s: ServiceKeyParts, k: string): Message {
  return { en: `No such destination: ${k} in ${stateServiceKey(s)}`, zh: `没有该真实服务器：${stateServiceKey(s)} 中的 ${k}` };
}
