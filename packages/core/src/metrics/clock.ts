/**
 * Agents stamp samples with their own wall clock, which may be wrong by minutes (no NTP on an
 * air-gapped director) or jump. The console trusts an agent's timestamp only within a window
 * around its own receive time; outside it the sample is re-stamped with the receive time and
 * flagged, so a skewed director neither writes into the future nor rewrites history, and its
 * points still line up with other directors' within the batching delay.
 */
export interface ClockPolicy {
  /** How far ahead of the console's clock a sample may be. */
  maxAheadMs: number;
  /** How far behind: covers batching, retries after a short outage, and slow links. */
  maxBehindMs: number;
}

export const DEFAULT_CLOCK_POLICY: ClockPolicy = { maxAheadMs: 2_000, maxBehindMs: 5 * 60_000 };

export interface AlignedTime {
  t: number;
  /** Agent clock minus console clock, when it was outside the policy (for a per-director warning). */
  skewMs: number | null;
}

export function alignSampleTime(agentMs: number, receivedAtMs: number, policy: ClockPolicy = DEFAULT_CLOCK_POLICY): AlignedTime {
  const skew = agentMs - receivedAtMs;
  if (!Number.isFinite(agentMs) || skew > policy.maxAheadMs || skew < -policy.maxBehindMs) return { t: receivedAtMs, skewMs: Number.isFinite(skew) ? skew : null };
  return { t: agentMs, skewMs: null };
}

/**
 * Re-stamping a backlog of several samples with one receive time would collapse them onto one
 * instant; instead the whole batch shifts by the newest sample's skew, keeping their spacing.
 */
export function alignBatchTimes(agentMs: readonly number[], receivedAtMs: number, policy: ClockPolicy = DEFAULT_CLOCK_POLICY): { t: number[]; skewMs: number | null } {
  if (agentMs.length === 0) return { t: [], skewMs: null };
  const newest = Math.max(...agentMs);
  const a = alignSampleTime(newest, receivedAtMs, policy);
  if (a.skewMs === null) {
    // The newest is fine; older ones beyond maxBehind are clamped so history is never rewritten.
    const floor = receivedAtMs - policy.maxBehindMs;
    return { t: agentMs.map((t) => Math.max(t, floor)), skewMs: null };
  }
  const shift = receivedAtMs - newest;
  return { t: agentMs.map((t) => t + shift), skewMs: a.skewMs };
}
