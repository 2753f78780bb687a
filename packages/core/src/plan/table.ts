import type { Message } from "../diagnostics.ts";
import type { IpvsState, KernelDest, KernelService, KernelTimeouts } from "../model/ipvs-state.ts";
import type { ServiceKeyParts } from "../model/keys.ts";
import type { ServiceSpec } from "./operations.ts";
import { stateDestKey, stateServiceKey } from "./keys.ts";
import { copyDest, copySpec } from "./copy.ts";

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
      this.services.set(stateServiceKey(s), { spec: copySpec(s), dests: m });
    }
    if (state.timeouts) this.timeouts = { ...state.timeouts };
  }

  has(s: ServiceKeyParts): boolean {
    return this.services.has(stateServiceKey(s));
  }

  addService(spec: ServiceSpec): Message | undefined {
    const k = stateServiceKey(spec);
    if (this.services.has(k)) return { en: `Service already exists: ${k}`, zh: `服务已存在：${k}` };
    this.services.set(k, { spec: copySpec(spec), dests: new Map() });
    return undefined;
  }

  editService(spec: ServiceSpec): Message | undefined {
    const e = this.services.get(stateServiceKey(spec));
    if (!e) return noService(spec);
    e.spec = copySpec(spec);
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
      const s = copySpec(e.spec) as KernelService;
      s.dests = [...e.dests.values()];
      services.push(s);
    }
    const state: IpvsState = { services };
    if (this.timeouts) state.timeouts = this.timeouts;
    return state;
  }
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
