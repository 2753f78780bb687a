import type { AgentConfig } from "../config/config.ts";
import type { ConsoleClient } from "../console/client.ts";
import type { DriftReport, OpErrorReport, RevisionMessage } from "../console/protocol.ts";
import type { RevisionSource } from "../console/revision-source.ts";
import { serveConsoleRequests, type ConnTableReader } from "../console/requests.ts";
import type { HealthEvent } from "@shoal/core/metrics/index";
import { stateServiceKey } from "@shoal/core";
import { forwardHealthVerdicts } from "../health/events.ts";
import { HealthMonitor } from "../health/monitor.ts";
import type { Logger } from "../log.ts";
import { driftFindings } from "../reconcile/drift.ts";
import type { DrainStatus } from "../reconcile/graceful.ts";
import { Reconciler, type CycleResult } from "../reconcile/reconciler.ts";
import type { StateStore } from "../state/store.ts";
import { Backoff } from "../util/backoff.ts";
import { sleep } from "../util/sleep.ts";
import type { Kernels } from "./kernels.ts";
import { buildStatus, pushBounded } from "./status.ts";

export interface DirectorDeps {
  cfg: AgentConfig;
  kernels: Kernels;
  store: StateStore;
  log: Logger;
  source?: RevisionSource;
  console?: ConsoleClient;
  /**
   * Health verdicts for the console's timeline, e.g. the sample batcher's addHealth (they ride
   * along with the next 1 Hz batch).
   */
  healthEvents?: (e: HealthEvent) => void;
  /** Told which services (state keys) a reconcile changed: the live counters re-read them. */
  kernelChanged?: (serviceKeys: string[]) => void;
  /** The kernel's connection table text for console requests; default /proc/net/ip_vs_conn. */
  readConnTable?: ConnTableReader;
  /** Called once, when the kernel first matches a revision (the start's big apply is over). */
  onFirstConverged?: () => void;
}

/**
 * The director agent: follows the console's revisions, keeps the kernel converged to them
 * (polling for drift), runs the health checks and reports. It never cleans up on exit: a
 * stopped or upgrading agent leaves the data plane exactly as it is.
 */
export class DirectorAgent {
  private target: RevisionMessage | undefined;
  private appliedRevision: number | null = null;
  private convergedFingerprint: string | undefined;
  private lastDraining: DrainStatus[] = [];
  private errors: OpErrorReport[] = [];
  private readonly drift: DriftReport[] = [];
  private foreign: string[] = [];
  private draining: DrainStatus[] = [];
  private readonly monitor: HealthMonitor;
  private readonly reconciler: Reconciler;
  private wake: (() => void) | undefined;
  private statusDirty = true;
  private convergedOnce = false;
  private lastStatusAt = 0;

  constructor(private readonly d: DirectorDeps) {
    this.monitor = new HealthMonitor((h) => {
      d.log.warn({ service: h.service, dest: h.dest, up: h.up, message: h.lastMessage }, h.up ? "real server up" : "real server down");
      this.statusDirty = true;
      this.wake?.();
    });
    if (d.healthEvents) forwardHealthVerdicts(this.monitor, d.healthEvents);
    this.reconciler = new Reconciler({
      ...d.kernels,
      store: d.store,
      log: d.log,
      manageAll: d.cfg.manageAll,
      drainTimeoutMs: d.cfg.drainTimeoutSeconds * 1000,
    });
  }

  async run(signal: AbortSignal): Promise<void> {
    const { log, store, source } = this.d;
    // A damaged revision.json must not keep the agent (and its health checks) down: say so, go on.
    const stored = await store.loadRevision().catch((e: Error) => {
      log.error({ err: e.message }, "ignoring the stored revision");
      return undefined;
    });
    if (stored) {
      // Offline start: the last applied revision is the plan until the console says otherwise.
      log.info({ revision: stored.revision }, "starting from the last applied revision on disk");
      this.appliedRevision = stored.revision;
      this.setTarget({ revision: stored.revision, cluster: stored.cluster, ...(stored.director ? { director: stored.director } : {}) });
    }
    const sourceDone = source?.run(
      stored?.revision ?? null,
      (r) => {
        log.info({ revision: r.revision }, "new revision");
        this.setTarget(r);
      },
      signal,
    );
    // Console requests (the connection table on demand) on their own long-poll.
    const requestsDone = this.d.console ? serveConsoleRequests(this.d.console, log, signal, this.d.readConnTable) : undefined;

    const backoff = new Backoff({ baseMs: 1_000, maxMs: 60_000, jitter: 0.5 });
    const pollMs = this.d.cfg.kernelPollSeconds * 1000;
    while (!signal.aborted) {
      let delay = pollMs;
      if (this.target) {
        const ok = await this.cycle().catch((e: Error) => {
          this.errors = [{ operation: "reconcile (read the kernel, plan)", message: e.message, at: new Date().toISOString() }];
          this.statusDirty = true;
          log.error({ err: e.message }, "reconcile failed");
          return false;
        });
        if (ok) backoff.succeed();
        else delay = Math.max(pollMs, backoff.fail());
      }
      // Not awaited: a console that black-holes packets must not delay drift correction.
      void this.report().catch(() => {});
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        void sleep(delay, signal).then(resolve);
      });
      this.wake = undefined;
    }
    this.monitor.stop();
    await sourceDone;
    await requestsDone;
    log.info("stopped; IPVS table, VIPs and sysctls left as they are");
  }

  /** True from a reconcile's first kernel operation to that cycle's end (see Reconciler.writing). */
  get writingKernel(): boolean {
    return this.reconciler.writing;
  }

  private setTarget(r: RevisionMessage): void {
    this.target = r;
    this.monitor.update(r.cluster);
    this.statusDirty = true;
    this.wake?.();
  }

  /** One reconcile; true when everything planned was applied. */
  private async cycle(): Promise<boolean> {
    const target = this.target!;
    const down = this.monitor.down();
    const fingerprint = JSON.stringify([target.revision, [...down].sort()]);
    const r: CycleResult = await this.reconciler.reconcile({ revision: target.revision, cluster: target.cluster, down });
    const changed = r.ops.length > 0 || r.hostChanges.length > 0;
    if (r.ops.length > 0 && this.d.kernelChanged) this.d.kernelChanged([...new Set(r.ops.flatMap((op) => (op.kind === "set-timeouts" ? [] : [stateServiceKey(op.service)])))]);
    if (changed && fingerprint === this.convergedFingerprint) {
      const found = driftFindings(r.ops, r.hostChanges, this.lastDraining);
      if (found.length) {
        pushBounded(this.drift, { at: new Date().toISOString(), found, corrected: r.errors.length === 0 });
        this.d.log.warn({ found, corrected: r.errors.length === 0 }, "drift: kernel changed behind the agent's back; corrected");
      }
    }
    this.lastDraining = r.draining;
    if (JSON.stringify(r.errors.map((e) => [e.operation, e.message])) !== JSON.stringify(this.errors.map((e) => [e.operation, e.message]))) this.statusDirty = true;
    this.errors = r.errors;
    if (JSON.stringify([r.foreign, r.draining.map((x) => [x.dest, x.activeConns])]) !== JSON.stringify([this.foreign, this.draining.map((x) => [x.dest, x.activeConns])]))
      this.statusDirty = true;
    this.foreign = r.foreign;
    this.draining = r.draining;
    if (changed) this.statusDirty = true;
    if (r.errors.length > 0) {
      // A half-applied revision is never reported as applied; the next cycle re-reads and retries.
      this.convergedFingerprint = undefined;
      return false;
    }
    if (!this.convergedOnce) {
      this.convergedOnce = true;
      this.d.onFirstConverged?.();
    }
    this.convergedFingerprint = fingerprint;
    if (this.appliedRevision !== target.revision || changed) {
      if (this.appliedRevision !== target.revision) this.d.log.info({ revision: target.revision }, "revision applied");
      this.appliedRevision = target.revision;
      await this.d.store.saveRevision({
        revision: target.revision,
        cluster: target.cluster,
        ...(target.director ? { director: target.director } : {}),
        appliedAt: new Date().toISOString(),
      });
      this.statusDirty = true;
    }
    return true;
  }

  private reporting = false;
  private readonly statusBackoff = new Backoff();
  private statusRetryAt = 0;

  private async report(): Promise<void> {
    if (this.reporting || Date.now() < this.statusRetryAt) return;
    const due = Date.now() - this.lastStatusAt >= this.d.cfg.statusIntervalSeconds * 1000;
    if (!this.statusDirty && !due) return;
    // A revision the agent cannot use (invalid cluster, refused token) is reported too: the
    // console shows why its newest revision is not being applied.
    const sourceError = this.d.source?.lastError;
    const status = buildStatus({
      appliedRevision: this.appliedRevision,
      targetRevision: this.target?.revision ?? null,
      errors: sourceError ? [...this.errors, { operation: "fetch the revision", message: sourceError, at: new Date().toISOString() }] : this.errors,
      drift: this.drift,
      health: this.monitor.snapshot(),
      foreign: this.foreign,
      draining: this.draining,
      backend: this.d.kernels.ipvs.backend,
    });
    this.lastStatusAt = Date.now();
    this.statusDirty = false;
    await this.d.store.saveStatus(status).catch((e: Error) => this.d.log.warn({ err: e.message }, "cannot write status.json"));
    if (this.d.console) {
      this.reporting = true;
      try {
        await this.d.console.postStatus(status);
        this.statusBackoff.succeed();
      } catch (e) {
        this.statusRetryAt = Date.now() + this.statusBackoff.fail();
        this.statusDirty = true; // send again when the console is back
        this.d.log.debug({ err: (e as Error).message }, "status report not delivered");
      } finally {
        this.reporting = false;
      }
    }
  }
}
