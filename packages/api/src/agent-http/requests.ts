import { randomUUID } from "node:crypto";
import type { ConsoleRequest, ConsoleRequestKind } from "@shoal/core";

/**
 * Console -> agent requests answered on demand (the connection table, issue 5). The console never
 * connects to a director (they often sit behind NAT or a firewall): it queues the request here,
 * the agent long-polls GET v1/requests, works, and POSTs the answer to v1/requests/ID, which
 * resolves the asker's promise. In-process: the agent route and the tRPC routers run in the same
 * console process (kept on globalThis, as Next.js may load this module more than once).
 */
export type AgentRequest = ConsoleRequest & { kind: ConsoleRequestKind };

export class AgentOffline extends Error {
  override name = "AgentOffline";
}

interface Pending {
  req: AgentRequest;
  directorId: string;
  delivered: boolean;
  resolve: (answer: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** Requests waiting for an agent beyond this are refused: an agent that stopped polling is gone. */
const MAX_QUEUED_PER_DIRECTOR = 16;

export class AgentRequests {
  private readonly pending = new Map<string, Pending>();
  private readonly waiters = new Map<string, Set<() => void>>();

  /**
   * Queues a request for a director and waits for its answer. Rejects with AgentOffline when no
   * answer came within timeoutMs (the agent is not polling, or did not finish in time).
   */
  ask(directorId: string, kind: AgentRequest["kind"], body: unknown, timeoutMs: number): Promise<unknown> {
    const queued = [...this.pending.values()].filter((p) => p.directorId === directorId && !p.delivered).length;
    if (queued >= MAX_QUEUED_PER_DIRECTOR) return Promise.reject(new AgentOffline(`${queued} requests already wait for this director's agent`));
    return new Promise((resolve, reject) => {
      const req: AgentRequest = { id: randomUUID(), kind, body };
      const timer = setTimeout(() => {
        const p = this.pending.get(req.id);
        this.pending.delete(req.id);
        reject(
          new AgentOffline(
            p?.delivered ? `the agent took the request but did not answer within ${timeoutMs / 1000} s` : `the agent did not pick the request up within ${timeoutMs / 1000} s`,
          ),
        );
      }, timeoutMs);
      timer.unref?.();
      this.pending.set(req.id, { req, directorId, delivered: false, resolve, reject, timer });
      for (const wake of this.waiters.get(directorId) ?? []) wake();
    });
  }

  /** The agent's long-poll: the oldest undelivered request, waiting up to waitMs; null if none. */
  async next(directorId: string, waitMs: number, signal?: AbortSignal): Promise<AgentRequest | null> {
    const take = () => {
      for (const p of this.pending.values()) {
        if (p.directorId === directorId && !p.delivered) {
          p.delivered = true;
          return p.req;
        }
      }
      return null;
    };
    const now = take();
    if (now || waitMs <= 0) return now;
    let set = this.waiters.get(directorId);
    if (!set) this.waiters.set(directorId, (set = new Set()));
    const waiters = set;
    let wake!: () => void;
    const woken = new Promise<void>((r) => (wake = r));
    waiters.add(wake);
    const timer = setTimeout(wake, waitMs);
    const onAbort = () => wake();
    signal?.addEventListener("abort", onAbort);
    try {
      await woken;
      return signal?.aborted ? null : take();
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      waiters.delete(wake);
      if (waiters.size === 0) this.waiters.delete(directorId);
    }
  }

  /** The agent's answer; false when the request is unknown, expired or another director's. */
  answer(directorId: string, id: string, answer: unknown): boolean {
    const p = this.pending.get(id);
    if (!p || p.directorId !== directorId) return false;
    this.pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(answer);
    return true;
  }

  /** True while the director's agent holds a long-poll open (it is online and listening). */
  polling(directorId: string): boolean {
    return (this.waiters.get(directorId)?.size ?? 0) > 0;
  }
}

export function getAgentRequests(): AgentRequests {
  const g = globalThis as { __shoalAgentRequests?: AgentRequests };
  return (g.__shoalAgentRequests ??= new AgentRequests());
}
