import { userInfo } from "node:os";
import type { Db } from "@shoal/db";
import { writeAudit } from "../audit.ts";
import { hashPassword, Password, Username } from "../auth/password.ts";
import { revokeSessions } from "../auth/session.ts";
import { Role } from "../roles.ts";

/** The shell user stands in as the actor: whoever can run this already owns the database file. */
const actor = () => `cli:${userInfo().username}`;

function check<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, value: unknown, field: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(`${field}: ${r.error.issues.map((i) => i.message).join("; ")}`);
  return r.data;
}

export async function addUser(db: Db, username: string, role: string, password: string) {
  const name = check(Username, username, "username");
  const r = check(Role, role, "role");
  const pw = check(Password, password, "password");
  if (await db.user.findUnique({ where: { username: name } })) throw new Error(`user ${name} already exists (use: shoal user passwd ${name})`);
  const u = await db.user.create({ data: { username: name, role: r, passwordHash: await hashPassword(pw) } });
  await writeAudit(db, { action: "cli.user.add", actorName: actor(), targetType: "user", targetId: u.id, after: { username: name, role: r } });
  return { id: u.id, username: u.username, role: u.role };
}

export async function setPassword(db: Db, username: string, password: string) {
  const pw = check(Password, password, "password");
  const u = await db.user.findUnique({ where: { username } });
  if (!u) throw new Error(`no user ${username}`);
  await db.user.update({ where: { id: u.id }, data: { passwordHash: await hashPassword(pw), version: { increment: 1 } } });
  const revoked = await revokeSessions(db, { userId: u.id });
  await writeAudit(db, { action: "cli.user.passwd", actorName: actor(), targetType: "user", targetId: u.id, message: `password set; ${revoked} session(s) revoked` });
  return { revoked };
}

export async function listUsers(db: Db) {
  return db.user.findMany({ select: { username: true, role: true, disabled: true, createdAt: true }, orderBy: { username: "asc" } });
}
