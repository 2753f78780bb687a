import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, type Db } from "@shoal/db";
import { afterAll, inject } from "vitest";
import { hashPassword } from "../../src/auth/password.ts";
import { readCookie } from "../../src/auth/session.ts";
import { createContext } from "../../src/context.ts";
import { createCaller } from "../../src/root.ts";
import type { Role } from "../../src/roles.ts";

/** A fresh migrated SQLite file for this test file, removed afterwards. */
export function testDb(): { db: Db; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "shoal-api-"));
  const path = join(dir, "shoal.db");
  copyFileSync(inject("templateDb"), path);
  const db = createDb(path);
  afterAll(async () => {
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, path };
}

export interface Client {
  caller: ReturnType<typeof createCaller>;
  cookies: string[];
  token: string | null;
}

/** The real router through createCaller, as a browser with (or without) a session cookie would reach it. */
export async function client(db: Db, opts: { token?: string | null; ip?: string } = {}): Promise<Client> {
  const cookies: string[] = [];
  const ctx = await createContext({
    db,
    req: { ip: opts.ip ?? "192.0.2.10", userAgent: "vitest", secure: false, sessionToken: opts.token ?? null },
    setCookie: (v) => cookies.push(v),
  });
  return { caller: createCaller(ctx), cookies, token: opts.token ?? null };
}

export const PASSWORD = "correct horse battery";

export async function makeUser(db: Db, username: string, role: Role) {
  return db.user.create({ data: { username, role, passwordHash: await hashPassword(PASSWORD) } });
}

/** Logs in through auth.login and returns a client carrying the new session cookie. */
export async function loginAs(db: Db, username: string, role?: Role, ip?: string): Promise<Client> {
  if (role && !(await db.user.findUnique({ where: { username } }))) await makeUser(db, username, role);
  const anon = await client(db, { ip });
  await anon.caller.auth.login({ username, password: PASSWORD });
  const token = readCookie(anon.cookies[0]!.split(";")[0]);
  return client(db, { token, ip });
}

/** The TRPCError code a promise rejects with. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}
