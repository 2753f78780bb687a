import type { IpvsState, KernelDest, Operation, ServiceKeyParts } from "@shoal/core";
import { destKey, serviceKey } from "@shoal/core";

/**
 * Graceful deletion (the idea of kube-proxy's graceful_termination.go): a real server that
 * leaves the table first gets weight 0, so the scheduler sends it nothing new while its
 * established connections finish; it is deleted once its active connections reach 0 or the
 * drain timeout passes. Deleting at once would cut every connection it still carries.
 * A service that goes away drains all its real servers the same way before it is deleted.
 *
 * This module only rewrites the planner's operations and keeps the drain clocks; no I/O.
 */

export interface DestConns {
  active: number;
  inactive: number;
}

/** Connection counters of what the kernel holds now, by service key and dest key. */
export type ConnLookup = (serviceKey: string, destKey: string) => DestConns | undefined;

export interface DrainStatus {
  service: string;
  dest: string;
  /** When the drain started (ms since epoch). */
  since: number;
  activeConns: number;
}

export interface GracefulResult {
  /** Operations to apply now. */
  ops: Operation[];
  /** Deletions held back until their dest has drained. */
  held: DrainStatus[];
}

type Decision = "drain" | "hold" | "delete";

export class DrainTracker {
  /** "service dest" -> when the drain started (ms). */
  private readonly started = new Map<string, number>();

  constructor(private readonly timeoutMs: number) {}

  /** Drains in progress (for status reports and tests). */
  get draining(): ReadonlyMap<string, number> {
    return this.started;
  }

  rewrite(ops: readonly Operation[], current: IpvsState, conns: ConnLookup, now: number): GracefulResult {
    const kernel = new Map<string, Map<string, KernelDest>>();
    for (const s of current.services) kernel.set(serviceKey(s), new Map(s.dests.map((d) => [destKey(d), d])));

    const held: DrainStatus[] = [];
    const seen = new Set<string>();
    const decide = (sk: string, d: KernelDest): Decision => {
      const dk = destKey(d);
      const id = `${sk} ${dk}`;
      seen.add(id);
      const inKernel = kernel.get(sk)?.get(dk);
      if (!inKernel) {
        this.started.delete(id);
        return "delete";
      }
      if (!this.started.has(id)) this.started.set(id, now);
      if (inKernel.weight > 0) return "drain";
      const since = this.started.get(id) ?? now;
      const active = conns(sk, dk)?.active ?? 0;
      if (active === 0 || now - since >= this.timeoutMs) {
        this.started.delete(id);
        return "delete";
      }
      held.push({ service: sk, dest: dk, since, activeConns: active });
      return "hold";
    };
    const drainOp = (service: ServiceKeyParts, d: KernelDest): Operation => ({ kind: "drain-dest", service, dest: { ...d, weight: 0 }, before: d });

    const out: Operation[] = [];
    for (const op of ops) {
      if (op.kind === "delete-dest" || op.kind === "drain-dest") {
        const sk = serviceKey(op.service);
        const d = kernel.get(sk)?.get(destKey(op.dest)) ?? (op.kind === "drain-dest" ? op.before : op.dest);
        const decision = decide(sk, d);
        if (decision === "drain") out.push(drainOp(op.service, d));
        else if (decision === "delete") out.push({ kind: "delete-dest", service: op.service, dest: d });
        continue;
      }
      if (op.kind === "delete-service") {
        const sk = serviceKey(op.service);
        let pending = false;
        for (const d of kernel.get(sk)?.values() ?? []) {
          const decision = decide(sk, d);
          if (decision === "drain") out.push(drainOp(op.service, d));
          if (decision !== "delete") pending = true;
        }
        // Deleting the service removes its dests with it; until then it stays, drained.
        if (!pending) out.push(op);
        continue;
      }
      out.push(op);
    }
    // Forget drains no longer asked for: the dest came back, or someone deleted it by hand.
    for (const id of [...this.started.keys()]) if (!seen.has(id)) this.started.delete(id);
    return { ops: out, held };
  }
}
