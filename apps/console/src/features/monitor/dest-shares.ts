import { M, type LiveSeries } from "@shoal/telemetry/ui/index";

/** Seconds of live data a share is taken over: long enough to even out a scheduler's rounds. */
export const SHARE_WINDOW_S = 30;

export interface DestShare {
  dest: string;
  /** New connections in the window (sum of 1 s CPS points). */
  conns: number;
  /** conns / all real servers' conns of the service, 0..1; null before any connection. */
  share: number | null;
}

/**
 * Each real server's part of a service's new connections over the last SHARE_WINDOW_S seconds of
 * the live stream: what an operator compares with the scheduler and the weights (wrr 1:2:3 should
 * show about 17/33/50 %).
 */
export function destShares(live: LiveSeries, service: string, dests: readonly string[]): DestShare[] {
  const conns = dests.map((dest) => {
    const [xs, cps] = live.data(`${service} -> ${dest}`, [M.cps]);
    let sum = 0;
    for (let i = Math.max(0, xs.length - SHARE_WINDOW_S); i < xs.length; i++) sum += cps![i] ?? 0;
    return sum;
  });
  const total = conns.reduce((a, b) => a + b, 0);
  return dests.map((dest, i) => ({ dest, conns: conns[i]!, share: total > 0 ? conns[i]! / total : null }));
}
