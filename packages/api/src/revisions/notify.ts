import { EventEmitter } from "node:events";

/** Wakes agents long-polling in this process when a cluster gets a new revision. */
const bus = new EventEmitter();
bus.setMaxListeners(0);

export function notifyApplied(clusterId: string, number: number): void {
  bus.emit(clusterId, number);
}

/** Resolves on the next revision of the cluster, or after `ms`, whichever is first. */
export function waitForApplied(clusterId: string, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      bus.off(clusterId, done);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    bus.on(clusterId, done);
    signal?.addEventListener("abort", done);
  });
}
