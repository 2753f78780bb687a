import { stateDestKey, stateServiceKey, type IpvsState, type KernelService, type KernelTimeouts } from "@shoal/core";
import { ConnIndex } from "../conn-index.ts";
import type { DestConns, IpvsSnapshot, PlanReadOptions, PlanView } from "../types.ts";
import { ProcFile } from "./proc-file.ts";
import { ProcTableCache, type ProcTable } from "./proc-table.ts";
import { scanProcIpvs } from "./scan.ts";

/** One service as netlink reads it on its own, with its real servers' connections by dest key. */
export interface ExactService {
  service: KernelService;
  conns: Map<string, DestConns>;
}

/** What the /proc path needs from netlink. */
export interface PlanViewSource {
  readWithStats(): Promise<IpvsSnapshot>;
  /** These services alone, by key; a service the kernel no longer has is absent from the map. */
  readServices(services: readonly KernelService[]): Promise<Map<string, ExactService>>;
  readTimeouts(): Promise<KernelTimeouts>;
}

/**
 * The reconcile's table read from /proc/net/ip_vs: one file read instead of one netlink dump per
 * service (10,001 at 10,000 services). /proc is trusted only after a full netlink read of the
 * same moment agreed with it on everything /proc shows: that also proves it is this process's
 * network namespace (/proc/self/net follows the reading process) and teaches CONFIG_HZ, which
 * /proc's persistence timeouts are printed in. Services the caller names, services whose
 * persistence cannot be converted yet, and any text that does not parse go to netlink.
 */
export class ProcPlanView {
  private trusted = false;
  private why: string | undefined;
  private hz: number | undefined;
  /** The last table read without netlink for any service, by its fingerprint. */
  private last: { fingerprint: string; state: IpvsState; keys: string[] } | undefined;
  private readonly file: ProcFile;
  private readonly blocks = new ProcTableCache();

  constructor(
    private readonly netlink: PlanViewSource,
    procPath = "/proc/self/net/ip_vs",
    private readonly log: (m: string) => void = () => {},
  ) {
    this.file = new ProcFile(procPath);
  }

  /** How the last /proc read went (native io_uring, read() loop), for logs and the bench. */
  get fileRead(): { mode: string; calls: number } | undefined {
    return this.file.last;
  }

  /** Why /proc is not used now ("" when it is), for logs and tests. */
  get distrust(): string {
    return this.trusted ? "" : (this.why ?? "no full netlink read yet");
  }

  async read(opts: PlanReadOptions): Promise<PlanView> {
    if (opts.full || !this.trusted) return this.readFull();
    const bytes = await this.file.read();
    const scan = scanProcIpvs(bytes);
    const last = this.last;
    if (last && last.fingerprint === scan.fingerprint && !last.keys.some(opts.exact)) {
      const timeouts = await this.netlink.readTimeouts();
      const t = last.state.timeouts;
      if (t && t.tcp === timeouts.tcp && t.tcpFin === timeouts.tcpFin && t.udp === timeouts.udp) {
        // the connection counts are this read's, by the blocks the last read parsed
        return { state: last.state, conns: this.blocks.conns(scan), source: "proc (unchanged)", unchanged: true };
      }
    }
    this.last = undefined;
    const table = this.blocks.table(bytes, scan, this.hz, opts.desired);
    if (!table) {
      this.distrustNow("/proc/net/ip_vs did not parse or left a fwmark service's family open");
      return this.readFull();
    }
    const exact: KernelService[] = [];
    for (const s of table.services) {
      const key = stateServiceKey(s);
      const j = table.persistJiffies.get(key);
      // persistence /proc printed in jiffies this HZ does not convert (or no HZ learned yet)
      if ((j !== undefined && !(this.hz && j % this.hz === 0)) || opts.exact(key)) exact.push(s);
    }
    const [timeouts, got] = await Promise.all([this.netlink.readTimeouts(), exact.length ? this.netlink.readServices(exact) : new Map<string, ExactService>()]);
    let services = table.services;
    let conns = table.conns;
    if (exact.length) {
      const asked = new Set(exact.map(stateServiceKey));
      const exactConns = new ConnIndex();
      services = [];
      for (const s of table.services) {
        const key = stateServiceKey(s);
        if (!asked.has(key)) {
          services.push(s);
          continue;
        }
        const e = got.get(key);
        if (!e) continue; // deleted between the two reads
        services.push(e.service);
        const counts: number[] = [];
        for (const d of e.service.dests) {
          const c = e.conns.get(stateDestKey(d));
          counts.push(c?.active ?? 0, c?.inactive ?? 0);
        }
        exactConns.set(key, e.service.dests, counts);
      }
      conns = (sk, dk) => (asked.has(sk) ? exactConns.get(sk, dk) : table.conns(sk, dk));
    }
    const state = { services, timeouts };
    if (!exact.length) this.last = { fingerprint: scan.fingerprint, state, keys: services.map(stateServiceKey) };
    const parsed = table.parsed ? `, ${table.parsed} services parsed` : "";
    return { state, conns, source: exact.length ? `proc + netlink for ${exact.length} services${parsed}` : `proc${parsed}` };
  }

  private distrustNow(why: string): void {
    if (this.trusted || this.why !== why) this.log(`table reads through netlink only: ${why}`);
    this.trusted = false;
    this.why = why;
  }

  private async readFull(): Promise<PlanView> {
    this.last = undefined;
    const snap = await this.netlink.readWithStats();
    const conns = ConnIndex.fromStats(snap.stats).get;
    let table: ProcTable | undefined;
    try {
      const bytes = await this.file.read();
      table = this.blocks.table(bytes, scanProcIpvs(bytes), this.hz);
    } catch (e) {
      this.distrustNow(`cannot read ${this.file.path}: ${(e as Error).message}`);
      return { state: snap.state, conns, source: "netlink" };
    }
    for (const s of snap.state.services) {
      const j = s.persistence ? table?.persistJiffies.get(stateServiceKey(s)) : undefined;
      if (j !== undefined && j % s.persistence! === 0) this.hz = j / s.persistence!;
    }
    const diff = table ? firstDifference(table, snap.state.services, this.hz) : "/proc/net/ip_vs did not parse or left a fwmark service's family open";
    if (diff) this.distrustNow(`/proc/net/ip_vs differs from netlink (${diff}); checked again at the next full read`);
    else {
      if (!this.trusted) this.log(`table reads through ${this.file.path}, netlink for what it cannot show`);
      this.trusted = true;
      this.why = undefined;
    }
    return { state: snap.state, conns, source: "netlink" };
  }
}

/** The first thing /proc shows differently from netlink, "" when none. */
function firstDifference(proc: ProcTable, netlink: readonly KernelService[], hz: number | undefined): string {
  if (proc.services.length !== netlink.length) return `${proc.services.length} services, netlink ${netlink.length}`;
  for (let i = 0; i < netlink.length; i++) {
    const p = proc.services[i]!;
    const n = netlink[i]!;
    const key = stateServiceKey(n);
    if (stateServiceKey(p) !== key) return `service ${stateServiceKey(p)}, netlink ${key}`;
    const j = proc.persistJiffies.get(key);
    const persistence = j === undefined ? undefined : hz ? j / hz : n.persistence;
    if (p.scheduler !== n.scheduler || persistence !== n.persistence || (p.persistenceNetmask ?? -1) !== (n.persistenceNetmask ?? -1)) return `${key}: scheduler or persistence`;
    if (n.family === "inet" && p.onePacket !== n.onePacket) return `${key}: one-packet`;
    if (p.dests.length !== n.dests.length) return `${key}: ${p.dests.length} real servers, netlink ${n.dests.length}`;
    for (let k = 0; k < n.dests.length; k++) {
      const a = p.dests[k]!;
      const b = n.dests[k]!;
      if (a.address !== b.address || a.port !== b.port || a.forwarding !== b.forwarding || a.weight !== b.weight) return `${key} ${stateDestKey(b)}`;
    }
  }
  return "";
}
