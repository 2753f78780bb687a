import type { Db } from "@shoal/db";
import { hashPassword } from "@shoal/api/auth/password";
import { readCookie } from "@shoal/api/auth/session";
import { createContext } from "@shoal/api/context";
import { createCaller } from "@shoal/api/root";

/** An operator logged in to the real console API (tRPC caller with a session), as in packages/api's tests. */
export async function operator(db: Db, username = "agent-test-op") {
  const password = "correct horse battery";
  await db.user.create({ data: { username: username, role: "operator", passwordHash: await hashPassword(password) } });
  const caller = async (sessionToken: string | null, cookies: string[]) =>
    createCaller(await createContext({ db, req: { ip: "192.0.2.10", userAgent: "vitest", secure: false, sessionToken }, setCookie: (v: string) => cookies.push(v) }));
  const cookies: string[] = [];
  await (await caller(null, cookies)).auth.login({ username, password });
  return { caller: await caller(readCookie(cookies[0]!.split(";")[0]), []) };
}
