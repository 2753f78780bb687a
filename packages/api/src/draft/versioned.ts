import { changedFields, ShoalError } from "../errors.ts";

/**
 * Optimistic concurrency: `update` runs an updateMany guarded by the version the client saw. Zero
 * rows means the object is gone or someone saved first; then the caller gets CONFLICT with the
 * current object next to theirs, and nothing is written.
 */
export async function guardedUpdate<T>(opts: {
  what: string;
  zh: string;
  yours: unknown;
  update: () => Promise<{ count: number }>;
  current: () => Promise<T | null>;
  view: (current: T) => unknown;
}): Promise<void> {
  const r = await opts.update();
  if (r.count === 1) return;
  const current = await opts.current();
  if (!current) throw ShoalError.notFound(opts.what, opts.zh);
  const shown = opts.view(current);
  throw ShoalError.conflict(opts.what, shown, opts.yours, changedFields(shown, opts.yours));
}
