import type { HealthEvent } from "@shoal/core/metrics/index";
import type { HealthMonitor, ServerHealth } from "./monitor.ts";

/** The wire limit on a health event's detail (core's HealthEvent schema). */
const MAX_DETAIL = 500;

/**
 * A checker verdict as the console's health timeline stores it (rides along with the next sample
 * batch). The time is when the verdict was reached, so a batch delayed by an outage still places
 * the transition where it happened.
 */
export function healthEventOf(h: ServerHealth, at: Date = h.since ?? h.lastCheckedAt ?? new Date()): HealthEvent {
  const detail = h.lastMessage.slice(0, MAX_DETAIL);
  return { t: at.getTime(), service: h.service, dest: h.dest, state: h.up ? "up" : "down", ...(detail ? { detail } : {}) };
}

/** Sends a monitor's verdicts to `sink` (the director agent gives its sample batcher's addHealth). */
export function forwardHealthVerdicts(monitor: Pick<HealthMonitor, "onVerdict">, sink: (e: HealthEvent) => void): () => void {
  return monitor.onVerdict((h) => sink(healthEventOf(h)));
}
