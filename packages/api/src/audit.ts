import type { Db } from "@shoal/db";

const SECRET_KEY = /password|token|secret|authpass|hash/i;

/** JSON of a value with every secret-looking field replaced, so audit rows never hold secrets. */
export function redactedJson(value: unknown): string | null {
  if (value === undefined) return null;
  return JSON.stringify(value, (k, v) => (k && SECRET_KEY.test(k) && v !== null && v !== undefined ? "[redacted]" : v));
}

export interface AuditRecord {
  action: string;
  actorId?: string | null;
  actorName?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  clusterId?: string | null;
  success?: boolean;
  before?: unknown;
  after?: unknown;
  message?: string | null;
  ip?: string | null;
}

export async function writeAudit(db: Db, r: AuditRecord): Promise<void> {
  await db.auditEntry.create({
    data: {
      action: r.action,
      actorId: r.actorId ?? null,
      actorName: r.actorName ?? null,
      targetType: r.targetType ?? null,
      targetId: r.targetId ?? null,
      clusterId: r.clusterId ?? null,
      success: r.success ?? true,
      before: redactedJson(r.before),
      after: redactedJson(r.after),
      message: r.message ?? null,
      ip: r.ip ?? null,
    },
  });
}
