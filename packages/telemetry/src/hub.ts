import type { HealthEvent } from "@shoal/core/metrics/index";
import type { Frame } from "./frame.ts";

export type HubEvent =
  | { type: "sample"; clusterId: string; directorId: string; frame: Frame; publishedAt: number }
  | { type: "health"; clusterId: string; directorId: string; events: HealthEvent[]; publishedAt: number };

export interface SubscribeOptions {
  signal?: AbortSignal;
  /**
   * Events held for a subscriber that reads slower than they come. Beyond it the oldest are
   * dropped (counted in `dropped`): a live chart wants the newest second, not a growing backlog,
   * and one stalled browser must never hold memory or slow ingestion for everyone.
   */
  maxQueue?: number;
}

interface Subscriber {
  queue: HubEvent[];
  wake: (() => void) | null;
  maxQueue: number;
  dropped: number;
}

/**
 * In-process pub/sub from ingestion to live views, per cluster. Publishing is O(subscribers of
 * that cluster) and shares the frame (no copy); each subscriber is an async iterable, which is
 * what a tRPC 11 subscription procedure (async generator, SSE transport) consumes.
 */
export class TelemetryHub {
  private readonly topics = new Map<string, Set<Subscriber>>();
  private readonly listeners = new Set<(e: HubEvent) => void>();

  publish(e: HubEvent): void {
    for (const l of this.listeners) l(e);
    const subs = this.topics.get(e.clusterId);
    if (!subs) return;
    for (const s of subs) {
      s.queue.push(e);
      if (s.queue.length > s.maxQueue) {
        s.queue.shift();
        s.dropped++;
      }
      s.wake?.();
    }
  }

  /** Synchronous tap on every event (metrics, benchmarks); returns the unsubscribe function. */
  tap(listener: (e: HubEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subscriberCount(clusterId: string): number {
    return this.topics.get(clusterId)?.size ?? 0;
  }

  async *subscribe(clusterId: string, opts: SubscribeOptions = {}): AsyncGenerator<HubEvent, void, undefined> {
    const sub: Subscriber = { queue: [], wake: null, maxQueue: opts.maxQueue ?? 64, dropped: 0 };
    let subs = this.topics.get(clusterId);
    if (!subs) this.topics.set(clusterId, (subs = new Set()));
    subs.add(sub);
    const onAbort = () => sub.wake?.();
    opts.signal?.addEventListener("abort", onAbort);
    try {
      while (!opts.signal?.aborted) {
        const next = sub.queue.shift();
        if (next) {
          yield next;
          continue;
        }
        await new Promise<void>((r) => (sub.wake = r));
        sub.wake = null;
      }
    } finally {
      opts.signal?.removeEventListener("abort", onAbort);
      subs.delete(sub);
      if (subs.size === 0) this.topics.delete(clusterId);
    }
  }
}
