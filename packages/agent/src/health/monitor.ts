import type { Cluster, HealthCheck } from "@shoal/core";
import { destKey, serviceKey, virtualServiceKernel } from "@shoal/core";
import { runCheck, type CheckTarget } from "./checkers/index.ts";
import { INITIAL, observe, type RiseFall } from "./rise-fall.ts";

type ActiveCheck = Exclude<HealthCheck, { type: "none" }>;

/** One real server under a check: identity as desiredState's `down` set spells it. */
export interface CheckedServer {
  /** `${serviceKey} ${destKey}` */
  id: string;
  service: string;
  dest: string;
  target: CheckTarget;
  spec: ActiveCheck;
}

export interface ServerHealth {
  service: string;
  dest: string;
  check: string;
  up: boolean;
  lastOk?: boolean;
  lastMessage: string;
  lastCheckedAt?: Date;
  /** When the current up/down state began (undefined: since the agent started). */
  since?: Date;
}

/** What to check for a cluster: every enabled real server of every enabled service with a check. */
export function checkedServers(cluster: Cluster): CheckedServer[] {
  const out: CheckedServer[] = [];
  for (const vs of cluster.virtualServices) {
    if (!vs.enabled) continue;
    const sk = serviceKey(virtualServiceKernel(vs));
    for (const rs of vs.realServers) {
      if (!rs.enabled) continue;
      const spec = rs.healthCheck ?? vs.healthCheck;
      if (spec.type === "none") continue;
      const dk = destKey(rs);
      out.push({ id: `${sk} ${dk}`, service: sk, dest: dk, target: { address: rs.address, port: spec.port ?? rs.port }, spec });
    }
  }
  return out;
}

interface Entry {
  server: CheckedServer;
  fingerprint: string;
  state: RiseFall;
  health: ServerHealth;
  timer?: NodeJS.Timeout;
  abort: AbortController;
}

/**
 * Runs every real server's check on its own interval, independently of the console and of the
 * reconcile loop (checks keep running when the console is down). A rise/fall transition calls
 * `onChange`, which makes the agent re-plan at once instead of at the next poll.
 */
export class HealthMonitor {
  private readonly entries = new Map<string, Entry>();
  private stopped = false;
  private readonly verdictListeners = new Set<(s: ServerHealth) => void>();

  /**
   * Every verdict worth recording: the first result of each check (the state the timeline starts
   * from) and every rise/fall transition. Returns the unsubscribe function.
   */
  onVerdict(listener: (s: ServerHealth) => void): () => void {
    this.verdictListeners.add(listener);
    return () => this.verdictListeners.delete(listener);
  }

  constructor(
    private readonly onChange: (s: ServerHealth) => void,
    private readonly check = runCheck,
  ) {}

  /** Follows a new cluster: keeps the state of unchanged checks, starts new ones, stops the rest. */
  update(cluster: Cluster): void {
    const wanted = new Map(checkedServers(cluster).map((s) => [s.id, s]));
    for (const [id, e] of this.entries) {
      const w = wanted.get(id);
      if (!w || fingerprint(w) !== e.fingerprint) this.stopOne(id);
    }
    for (const [id, s] of wanted) {
      if (this.entries.has(id)) continue;
      const e: Entry = {
        server: s,
        fingerprint: fingerprint(s),
        state: INITIAL,
        health: { service: s.service, dest: s.dest, check: describeCheck(s), up: true, lastMessage: "not checked yet" },
        abort: new AbortController(),
      };
      this.entries.set(id, e);
      this.schedule(e, 0);
    }
  }

  /** Real servers currently held down, in desiredState's `down` spelling. */
  down(): Set<string> {
    return new Set([...this.entries.values()].filter((e) => !e.state.up).map((e) => e.server.id));
  }

  snapshot(): ServerHealth[] {
    return [...this.entries.values()].map((e) => ({ ...e.health })).sort((a, b) => `${a.service} ${a.dest}`.localeCompare(`${b.service} ${b.dest}`));
  }

  stop(): void {
    this.stopped = true;
    for (const id of [...this.entries.keys()]) this.stopOne(id);
  }

  private stopOne(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    clearTimeout(e.timer);
    e.abort.abort();
    this.entries.delete(id);
  }

  private schedule(e: Entry, delayMs: number): void {
    if (this.stopped) return;
    e.timer = setTimeout(() => void this.runOnce(e), delayMs);
  }

  private async runOnce(e: Entry): Promise<void> {
    const result = await this.check(e.server.spec, e.server.target, e.abort.signal).catch((err: Error) => ({ ok: false, message: err.message }));
    if (this.entries.get(e.server.id) !== e) return; // stopped or replaced meanwhile
    const o = observe(e.state, result.ok, e.server.spec);
    e.state = o.next;
    const now = new Date();
    const first = e.health.lastCheckedAt === undefined;
    e.health = { ...e.health, up: o.next.up, lastOk: result.ok, lastMessage: result.message, lastCheckedAt: now };
    if (o.changed) {
      e.health.since = now;
      this.onChange({ ...e.health });
    }
    if (o.changed || first) for (const l of this.verdictListeners) l({ ...e.health, since: e.health.since ?? now });
    this.schedule(e, e.server.spec.interval * 1000);
  }
}

function fingerprint(s: CheckedServer): string {
  return JSON.stringify([s.target, s.spec]);
}

function describeCheck(s: CheckedServer): string {
  const spec = s.spec;
  const where = `${s.target.address}:${s.target.port}`;
  switch (spec.type) {
    case "http":
    case "https":
      return `${spec.type} GET ${where}${spec.path}`;
    case "external":
      return `external ${spec.command}`;
    default:
      return `${spec.type} ${where}`;
  }
}
