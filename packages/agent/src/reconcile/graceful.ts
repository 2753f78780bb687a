import type { IpvsState, KernelDest } from "@shoal/core";
import { stateDestKey, stateServiceKey } from "@shoal/core";

/**
 * Graceful deletion (the idea of kube-proxy's graceful_termination.go): a real server that
 * leaves the table first gets weight 0 (the planner's drain-dest), so the scheduler sends it
 * nothing new while its established connections finish; it is deleted once its active
 * connections reach 0 or the drain timeout passes. Deleting at once would cut every connection
 * it still carries. A removed service is deleted once all its real servers may be.
 *
 * This piece answers the planner's `mayDelete` question and keeps the drain clocks; no I/O.
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

export interface DrainRound {
  /** For plan({ drain: true, mayDelete }). */
  mayDelete(serviceKey: string, destKey: string): boolean;
  /** Ends the round: drains nobody asked about are forgotten. Returns those still draining. */
  finish(): DrainStatus[];
}

export class DrainTracker {
  /** "service dest" -> when the drain started (ms). */
  private readonly started = new Map<string, number>();

  constructor(private readonly timeoutMs: number) {}

  get draining(): ReadonlyMap<string, number> {
    return this.started;
  }

  /** One planning round over the kernel table `current` (with its connection counters). */
  round(current: IpvsState, conns: ConnLookup, now: number): DrainRound {
    // by service only: real servers are looked up for the few the planner asks about
    const kernel = new Map<string, readonly KernelDest[]>();
    for (const s of current.services) kernel.set(stateServiceKey(s), s.dests);
    const asked = new Set<string>();
    const held = new Map<string, DrainStatus>();
    return {
      mayDelete: (sk, dk) => {
        const id = `${sk} ${dk}`;
        asked.add(id);
        const d = kernel.get(sk)?.find((x) => stateDestKey(x) === dk);
        if (!d) return true; // already gone
        const since = this.started.get(id) ?? now;
        this.started.set(id, since);
        const active = conns(sk, dk)?.active ?? 0;
        // Weight still up: drain first, even when idle right now, so nothing new lands there
        // between this read and the delete.
        if (d.weight > 0 || (active > 0 && now - since < this.timeoutMs)) {
          held.set(id, { service: sk, dest: dk, since, activeConns: active });
          return false;
        }
        return true;
      },
      finish: () => {
        for (const id of [...this.started.keys()]) if (!asked.has(id) || !held.has(id)) this.started.delete(id);
        return [...held.values()];
      },
    };
  }
}
