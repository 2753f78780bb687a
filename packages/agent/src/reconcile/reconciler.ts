import type { Cluster, IpvsState, Operation } from "@shoal/core";
import { desiredState, plan, stateServiceKey } from "@shoal/core";
import type { AddressKernel, IpvsKernel, Sysctl } from "../kernel/index.ts";
import { applyQuorumHysteresis } from "../health/sorry.ts";
import type { Logger } from "../log.ts";
import type { OpErrorReport } from "../console/protocol.ts";
import type { Managed, StateStore } from "../state/store.ts";
import { describeOperation } from "./describe.ts";
import { DrainTracker, type DrainStatus } from "./graceful.ts";
import { PlanReader } from "./plan-read.ts";
import { desiredVips, planVips, vipId, type Vip } from "./vips.ts";
import { requiredSysctls } from "./sysctls.ts";
import { serviceKeyOf } from "./service-key.ts";

/** Operations named in the "IPVS table changed" log line; the rest are counted. */
const LOGGED_OPS = 50;

export interface Intent {
  revision: number;
  cluster: Cluster;
  /** Real servers the health checks hold down (desiredState's spelling). */
  down: ReadonlySet<string>;
}

export interface CycleResult {
  /** Operations planned for the IPVS table (after graceful rewriting). */
  ops: Operation[];
  /** Address and sysctl changes, in words. */
  hostChanges: string[];
  /** Empty when everything planned was applied. */
  errors: OpErrorReport[];
  /** Real servers waiting for their connections to end before deletion. */
  draining: DrainStatus[];
  /** Services in the kernel this agent neither created nor was told about: left alone. */
  foreign: string[];
  /** The table as it should be after this cycle (for `plan` output and tests). */
  desired: IpvsState;
}

export interface ReconcilerDeps {
  ipvs: IpvsKernel;
  addresses: AddressKernel;
  sysctl: Sysctl;
  store: StateStore;
  log: Logger;
  manageAll: boolean;
  drainTimeoutMs: number;
  now?: () => number;
  /** How often the table is read whole through netlink (plan-read.ts); default 45 s. */
  fullReadEveryMs?: number;
}

/**
 * One convergence step, kube-proxy style: read what the kernel lists, compute what it should
 * list, plan the difference, apply it through the narrow kernel interface. Never flushes;
 * touches only services it owns (created, adopted because the console asked for that key, or
 * everything with manageAll).
 */
export class Reconciler {
  private readonly drains: DrainTracker;
  private readonly quorumMemory = new Map<string, boolean>();
  private managed: Managed | undefined;
  private readonly reader: PlanReader;
  /** desiredState() of the last cluster and down set: 110,000 objects at 10,000 x 10, not rebuilt every 2 s. */
  private desiredMemo: { cluster: Cluster; down: string; state: IpvsState } | undefined;
  /** The desired table the last cycle planned nothing for (no drain pending either). */
  private settled: IpvsState | undefined;
  private applying = false;

  constructor(private readonly deps: ReconcilerDeps) {
    this.drains = new DrainTracker(deps.drainTimeoutMs);
    this.reader = new PlanReader(deps.ipvs, deps.fullReadEveryMs);
  }

  /** True from a cycle's first kernel operation to the cycle's end (the live counters hold their samples meanwhile). */
  get writing(): boolean {
    return this.applying;
  }

  async reconcile(intent: Intent, opts: { dryRun?: boolean } = {}): Promise<CycleResult> {
    const { ipvs, store, log } = this.deps;
    const now = (this.deps.now ?? Date.now)();
    this.managed ??= await store.loadManaged();
    const managed = this.managed;

    const down = [...intent.down].sort().join("\n");
    if (this.desiredMemo?.cluster !== intent.cluster || this.desiredMemo.down !== down) {
      this.desiredMemo = { cluster: intent.cluster, down, state: desiredState(intent.cluster, { down: new Set(intent.down) }) };
    }
    const desired = applyQuorumHysteresis(intent.cluster, this.desiredMemo.state, opts.dryRun ? new Map(this.quorumMemory) : this.quorumMemory);
    const view = await this.reader.read(desired, now);
    const current = view.state;
    const desiredKeys = this.keysOf(desired);
    const owned = this.ownedSet();
    const manages = (k: string) => this.deps.manageAll || owned.has(k);
    const foreign: string[] = [];
    for (const s of current.services) {
      const k = serviceKeyOf(s);
      if (!desiredKeys.has(k) && !manages(k)) foreign.push(k);
    }

    // Same kernel table (connections aside), same wish, nothing planned last time and nothing
    // draining: the plan is empty again, so it is not made (nor the table parsed, see PlanView).
    const quiet = view.unchanged === true && !opts.dryRun && sameWish(this.settled, desired) && this.drains.draining.size === 0;
    let ops: Operation[] = [];
    let draining: DrainStatus[] = [];
    if (!quiet) {
      const round = this.drains.round(current, view.conns, now);
      ops = plan(current, desired, { manages, drain: true, mayDelete: round.mayDelete });
      draining = opts.dryRun ? [] : round.finish();
    }
    if (!opts.dryRun) this.settled = ops.length === 0 && draining.length === 0 ? desired : undefined;
    const result: CycleResult = { ops, hostChanges: [], errors: [], draining, foreign, desired };
    if (opts.dryRun) return result;

    // Record ownership before touching the kernel: if the agent dies mid-apply, the services it
    // was creating are still known as its own at the next start.
    let unrecorded = false;
    for (const k of desiredKeys) if (!owned.has(k)) unrecorded = true;
    if (unrecorded) {
      managed.services = [...new Set([...managed.services, ...desiredKeys])].sort();
      await store.saveManaged(managed);
    }

    // From the first operation to the end of the cycle the kernel is being written: the live
    // counters hold their samples (a sample would contend with the writes and see half a table).
    this.applying = ops.length > 0;
    try {
      let deleted: ReadonlySet<string> = new Set();
      if (ops.length > 0) {
        const r = await ipvs.apply(ops);
        for (const e of r.errors) {
          result.errors.push({ operation: describeOperation(e.op), message: e.message, errno: e.errno, at: new Date().toISOString() });
        }
        // planned from /proc, a refusal may come from what /proc does not show: look at everything
        if (!r.ok) this.reader.readFullNext();
        if (!r.ok) log.error({ errors: result.errors, applied: r.applied.length, notAttempted: r.notAttempted.length }, "kernel refused an operation; will re-read and retry");
        // a full sync is 110,000 operations at 10,000 x 10: the first ones and the count say enough
        else log.info({ ops: ops.slice(0, LOGGED_OPS).map(describeOperation), count: ops.length }, "IPVS table changed");
        deleted = new Set(
          r.applied.flatMap((i) => {
            const op = ops[i]!;
            return op.kind === "delete-service" ? [stateServiceKey(op.service)] : [];
          }),
        );
      }
      await this.forgetGone(desiredKeys, current, deleted);
      await this.reconcileVips(intent.cluster, current, result);
      await this.reconcileSysctls(desired, result);
    } finally {
      this.applying = false;
    }
    return result;
  }

  /**
   * Forgets owned services that are neither wanted nor in the kernel any more (deleted by this
   * cycle, or by hand): a service created later under the same key by someone else is then
   * foreign, not the agent's to delete. Known from the cycle's own read and the applied deletes,
   * not from another read of the table (4 s at 10,000 services in the lab).
   */
  private async forgetGone(desiredKeys: ReadonlySet<string>, current: IpvsState, deleted: ReadonlySet<string>): Promise<void> {
    const managed = this.managed!;
    if (managed.services.every((k) => desiredKeys.has(k))) return;
    const inKernel = new Set(current.services.map(serviceKeyOf));
    const kept = managed.services.filter((k) => desiredKeys.has(k) || (inKernel.has(k) && !deleted.has(k)));
    if (kept.length === managed.services.length) return;
    managed.services = kept;
    await this.deps.store.saveManaged(managed);
  }

  private keysMemo: { services: IpvsState["services"]; keys: Set<string> } | undefined;

  /** The desired services' keys, built again only when the desired table changed. */
  private keysOf(desired: IpvsState): Set<string> {
    if (this.keysMemo?.services !== desired.services) this.keysMemo = { services: desired.services, keys: new Set(desired.services.map(serviceKeyOf)) };
    return this.keysMemo.keys;
  }

  private ownedMemo: { services: string[]; set: Set<string> } | undefined;

  /** managed.services as a set, built again only when that list was replaced. */
  private ownedSet(): Set<string> {
    const list = this.managed!.services;
    if (this.ownedMemo?.services !== list) this.ownedMemo = { services: list, set: new Set(list) };
    return this.ownedMemo.set;
  }

  /** Adds missing VIP aliases, removes the agent's own VIPs that nothing wants any more. */
  private async reconcileVips(cluster: Cluster, current: IpvsState, result: CycleResult): Promise<void> {
    const { addresses, store, log } = this.deps;
    const managed = this.managed!;
    const want = desiredVips(cluster);
    let present;
    try {
      present = await addresses.list();
    } catch (e) {
      result.errors.push({ operation: "list interface addresses", message: (e as Error).message, at: new Date().toISOString() });
      return;
    }
    // A service still in the kernel (being drained) keeps its VIP until it is deleted.
    const owned = this.ownedSet();
    const inUse = new Set(current.services.filter((s) => owned.has(serviceKeyOf(s))).map((s) => s.address ?? ""));
    const vp = planVips(want, present, managed.vips, inUse);
    const record = async (vips: Vip[]) => {
      managed.vips = vips;
      await store.saveManaged(managed);
    };
    // Remember before adding, for the same reason as services.
    const wantIds = new Set(want.map(vipId));
    const newRecord = [...managed.vips.filter((v) => !wantIds.has(vipId(v))), ...want];
    if (JSON.stringify(newRecord.map(vipId).sort()) !== JSON.stringify(managed.vips.map(vipId).sort())) await record(newRecord);
    for (const v of vp.add) {
      try {
        await addresses.add({ address: v.address, prefix: v.prefix, iface: v.iface, ...(v.label ? { label: v.label } : {}) });
        result.hostChanges.push(`add VIP ${v.address}/${v.prefix} on ${v.label ?? v.iface}`);
        log.info({ vip: v }, "VIP added");
      } catch (e) {
        result.errors.push({ operation: `add VIP ${v.address}/${v.prefix} on ${v.iface}`, message: (e as Error).message, at: new Date().toISOString() });
      }
    }
    for (const v of vp.remove) {
      try {
        await addresses.remove(v);
        result.hostChanges.push(`remove VIP ${v.address}/${v.prefix} from ${v.iface}`);
        await record(managed.vips.filter((m) => vipId(m) !== vipId(v)));
      } catch (e) {
        result.errors.push({ operation: `remove VIP ${v.address}/${v.prefix} from ${v.iface}`, message: (e as Error).message, at: new Date().toISOString() });
      }
    }
    // Forget records of VIPs that are gone and no longer wanted.
    const presentIds = new Set(present.map(vipId));
    const stale = managed.vips.filter((v) => !wantIds.has(vipId(v)) && !presentIds.has(vipId(v)));
    if (stale.length) await record(managed.vips.filter((v) => !stale.includes(v)));
  }

  private async reconcileSysctls(desired: IpvsState, result: CycleResult): Promise<void> {
    const { sysctl, log } = this.deps;
    for (const [name, value] of Object.entries(requiredSysctls(desired))) {
      try {
        const cur = await sysctl.get(name);
        if (cur === value) continue;
        await sysctl.set(name, value);
        result.hostChanges.push(`set ${name}=${value} (was ${cur ?? "absent"})`);
        log.info({ name, value, was: cur }, "sysctl set");
      } catch (e) {
        result.errors.push({ operation: `set ${name}=${value}`, message: (e as Error).message, at: new Date().toISOString() });
      }
    }
  }
}

/** The same desired services (the very objects: desiredState() is memoised) and timeouts. */
function sameWish(a: IpvsState | undefined, b: IpvsState): boolean {
  if (!a || a.timeouts !== b.timeouts || a.services.length !== b.services.length) return false;
  for (let i = 0; i < b.services.length; i++) if (a.services[i] !== b.services[i]) return false;
  return true;
}
