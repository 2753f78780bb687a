import { randomBytes } from "node:crypto";
import { sha256, type Db } from "@shoal/db";

export const SESSION_COOKIE = "shoal_session";
/** Sliding idle limit and absolute limit of a session. */
export const IDLE_MS = 12 * 60 * 60 * 1000;
export const ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** lastSeenAt is only rewritten when older than this: one write per minute, not per request. */
const TOUCH_MS = 60 * 1000;

export interface SessionUser {
  id: string;
  username: string;
  role: string;
}

export interface ResolvedSession {
  id: string;
  user: SessionUser;
}

export async function createSession(db: Db, userId: string, info: { ip: string | null; userAgent: string | null }): Promise<{ token: string; id: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + ABSOLUTE_MS);
  const row = await db.session.create({
    data: { tokenHash: sha256(token), userId, expiresAt, ip: info.ip, userAgent: info.userAgent?.slice(0, 512) ?? null },
  });
  return { token, id: row.id, expiresAt };
}

export async function resolveSession(db: Db, token: string | null | undefined): Promise<ResolvedSession | null> {
  if (!token || token.length > 128) return null;
  const row = await db.session.findUnique({
    where: { tokenHash: sha256(token) },
    include: { user: { select: { id: true, username: true, role: true, disabled: true } } },
  });
  const now = Date.now();
  if (!row || row.revokedAt || row.user.disabled) return null;
  if (row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() + IDLE_MS <= now) return null;
  if (now - row.lastSeenAt.getTime() > TOUCH_MS) {
    await db.session.update({ where: { id: row.id }, data: { lastSeenAt: new Date(now) } });
  }
  return { id: row.id, user: { id: row.user.id, username: row.user.username, role: row.user.role } };
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;
}

export function clearedCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
}

export function readCookie(header: string | null | undefined, name = SESSION_COOKIE): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export async function revokeSessions(db: Db, where: { userId: string; exceptId?: string } | { id: string }): Promise<number> {
  const filter = "id" in where ? { id: where.id, revokedAt: null } : { userId: where.userId, revokedAt: null, ...(where.exceptId ? { id: { not: where.exceptId } } : {}) };
  const r = await db.session.updateMany({ where: filter, data: { revokedAt: new Date() } });
  return r.count;
}
