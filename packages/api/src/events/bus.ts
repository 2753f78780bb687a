import { EventEmitter } from "node:events";

/** An event row opened or ended, for live timelines and the alert engine (in this process). */
export interface EventChange {
  id: string;
  clusterId: string | null;
  change: "opened" | "ended";
}

const bus = new EventEmitter();
bus.setMaxListeners(0);

export function publishEventChange(c: EventChange): void {
  bus.emit("change", c);
}

export function onEventChange(l: (c: EventChange) => void): () => void {
  bus.on("change", l);
  return () => bus.off("change", l);
}

/** Async iterable of changes of one cluster (plus console-wide ones), for an SSE subscription. */
export async function* eventChanges(clusterId: string, signal?: AbortSignal): AsyncGenerator<EventChange, void, undefined> {
  const queue: EventChange[] = [];
  let wake: (() => void) | null = null;
  const off = onEventChange((c) => {
    if (c.clusterId !== null && c.clusterId !== clusterId) return;
    queue.push(c);
    if (queue.length > 1000) queue.shift();
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    while (!signal?.aborted) {
      const next = queue.shift();
      if (next) {
        yield next;
        continue;
      }
      await new Promise<void>((r) => (wake = r));
      wake = null;
    }
  } finally {
    off();
    signal?.removeEventListener("abort", onAbort);
  }
}
