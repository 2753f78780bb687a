/**
 * Rise/fall hysteresis of one real server's checker, as keepalived (retry / alpha) and HAProxy
 * (rise/fall) do it: `fall` failures in a row take an up server down, `rise` successes in a row
 * bring a down server back. A single flap changes nothing.
 *
 * A server starts UP: a restarting agent must not quiesce a healthy farm while its first checks
 * run (keepalived without `alpha` behaves the same).
 */
export interface RiseFall {
  up: boolean;
  /** Consecutive results agreeing against the current state (successes while down, failures while up). */
  streak: number;
}

export interface RiseFallLimits {
  rise: number;
  fall: number;
}

export const INITIAL: RiseFall = { up: true, streak: 0 };

export interface Observation {
  next: RiseFall;
  /** "down" / "up" when this result flipped the state. */
  changed?: "up" | "down";
}

export function observe(state: RiseFall, ok: boolean, limits: RiseFallLimits): Observation {
  if (ok === state.up) return { next: { up: state.up, streak: 0 } };
  const streak = state.streak + 1;
  const needed = state.up ? limits.fall : limits.rise;
  if (streak >= needed) return { next: { up: !state.up, streak: 0 }, changed: state.up ? "down" : "up" };
  return { next: { up: state.up, streak } };
}
