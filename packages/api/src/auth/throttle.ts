import type { Db } from "@shoal/db";

/**
 * Login throttling: after FREE failures for a user name (or IP_FREE from one address) every further
 * failure locks that key for an exponentially growing window (30 s, 60 s, ... capped at 15 min).
 * Counters forget after a quiet RESET_MS. A success clears the user's key.
 */
const FREE = 5;
const IP_FREE = 20;
const BASE_MS = 30_000;
const MAX_MS = 15 * 60_000;
const RESET_MS = 60 * 60_000;

export function throttleKeys(username: string, ip: string | null): string[] {
  const keys = [`user:${username.toLowerCase()}`];
  if (ip) keys.push(`ip:${ip}`);
  return keys;
}

/** Seconds until the first of these keys unlocks, or 0 when none is locked. */
export async function lockedFor(db: Db, keys: string[]): Promise<number> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys } } });
  const now = Date.now();
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil?.getTime() ?? 0));
  return until > now ? Math.ceil((until - now) / 1000) : 0;
}

export async function recordFailure(db: Db, keys: string[]): Promise<void> {
  const now = Date.now();
  for (const key of keys) {
    const row = await db.loginThrottle.findUnique({ where: { key } });
    const stale = !row || now - row.lastFailureAt.getTime() > RESET_MS;
    const failures = stale ? 1 : row.failures + 1;
    const free = key.startsWith("ip:") ? IP_FREE : FREE;
    const over = failures - free;
    const lockedUntil = over > 0 ? new Date(now + Math.min(MAX_MS, BASE_MS * 2 ** (over - 1))) : null;
    await db.loginThrottle.upsert({
      where: { key },
      create: { key, failures, lastFailureAt: new Date(now), lockedUntil },
      update: { failures, lastFailureAt: new Date(now), lockedUntil },
    });
  }
}

export async function clearFailures(db: Db, keys: string[]): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key: { in: keys } } });
}
