/**
 * Exponential backoff with "full jitter" (AWS architecture blog): a reconnecting fleet of
 * directors must not hammer a console that just came back all in the same second.
 */
export interface BackoffOptions {
  /** First delay ceiling, ms. */
  baseMs: number;
  /** Largest delay ceiling, ms. */
  maxMs: number;
  /** 0..1: share of the ceiling that is randomised (1 = full jitter, 0 = none). */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000, jitter: 1 };

/** Delay before retry number `attempt` (0-based). `random` is injectable so tests are exact. */
export function backoffDelay(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  const fixed = ceiling * (1 - opts.jitter);
  return Math.round(fixed + ceiling * opts.jitter * random());
}

/** Counts failures in a row; success resets. One per retried activity (console, kernel). */
export class Backoff {
  private failures = 0;
  constructor(
    private readonly opts: BackoffOptions = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}
  /** Records a failure and returns how long to wait before the next try. */
  fail(): number {
    return backoffDelay(this.failures++, this.opts, this.random);
  }
  succeed(): void {
    this.failures = 0;
  }
  get attempts(): number {
    return this.failures;
  }
}
