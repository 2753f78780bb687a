import { describe, expect, it } from "vitest";
import { ensureSetupToken } from "../src/auth/setup-token.ts";
import { readCookie } from "../src/auth/session.ts";
import { client, codeOf, loginAs, makeUser, PASSWORD, testDb } from "./support/harness.ts";

const { db } = testDb();

describe("first start", () => {
  it("has no users, reports setup needed and accepts only the printed token, once", async () => {
    expect(await db.user.count()).toBe(0);
    const anon = await client(db);
    expect(await anon.caller.setup.status()).toEqual({ needsSetup: true });
    const first = await ensureSetupToken({ db, print: false, baseUrl: "https://lvs.example" });
    expect(first!.url).toBe(`https://lvs.example/setup?token=${first!.token}`);
    // A restart issues a new token; the old one stops working.
    const setup = await ensureSetupToken({ db, print: false });
    expect((await db.setupToken.findMany()).every((t) => !t.tokenHash.includes(setup!.token))).toBe(true);
    expect(await codeOf(anon.caller.setup.createAdmin({ token: first!.token, username: "root", password: PASSWORD }))).toBe("FORBIDDEN");
    expect(await codeOf(anon.caller.setup.createAdmin({ token: "guess", username: "root", password: PASSWORD }))).toBe("FORBIDDEN");
    expect(await codeOf(anon.caller.setup.createAdmin({ token: setup!.token, username: "root", password: "short" }))).toBe("BAD_REQUEST");

    // An expired token (older than 24 h) is refused.
    const real = await db.setupToken.findFirstOrThrow({ where: { usedAt: null } });
    await db.setupToken.update({ where: { id: real.id }, data: { createdAt: new Date(Date.now() - 25 * 3600_000) } });
    expect(await codeOf(anon.caller.setup.createAdmin({ token: setup!.token, username: "root", password: PASSWORD }))).toBe("FORBIDDEN");
    await db.setupToken.update({ where: { id: real.id }, data: { createdAt: new Date() } });
    const r = await anon.caller.setup.createAdmin({ token: setup!.token, username: "root", password: PASSWORD });
    expect(r.user.role).toBe("admin");
    expect(anon.cookies[0]).toMatch(/^shoal_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    expect(await codeOf(anon.caller.setup.createAdmin({ token: setup!.token, username: "root2", password: PASSWORD }))).toBe("FORBIDDEN");
    expect(await ensureSetupToken({ db, print: false })).toBeNull();
    expect(await (await client(db)).caller.setup.status()).toEqual({ needsSetup: false });

    const stored = await db.user.findUniqueOrThrow({ where: { username: "root" } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain(PASSWORD);
  });
});

describe("login and sessions", () => {
  it("logs in, stores only the session hash, and audits success and failure", async () => {
    await makeUser(db, "olga", "operator");
    const anon = await client(db, { ip: "198.51.100.1" });
    expect(await codeOf(anon.caller.auth.login({ username: "olga", password: "wrong password!" }))).toBe("UNAUTHORIZED");
    expect(await codeOf(anon.caller.auth.login({ username: "nobody", password: "wrong password!" }))).toBe("UNAUTHORIZED");
    const ok = await anon.caller.auth.login({ username: "olga", password: PASSWORD });
    expect(ok.user).toMatchObject({ username: "olga", role: "operator" });
    const token = readCookie(anon.cookies.at(-1)!.split(";")[0]);
    expect(token).toBeTruthy();
    const sessions = await db.session.findMany({ where: { userId: ok.user.id } });
    expect(sessions).toHaveLength(1);
    expect(JSON.stringify(sessions)).not.toContain(token!);

    const me = await client(db, { token });
    expect(await me.caller.auth.me()).toMatchObject({ username: "olga", role: "operator" });
    expect(await codeOf((await client(db)).caller.auth.me())).toBe("UNAUTHORIZED");

    const audit = await db.auditEntry.findMany({ where: { action: "auth.login" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.actorName, a.success])).toEqual([
      ["olga", false],
      ["nobody", false],
      ["olga", true],
    ]);
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
    expect(JSON.stringify(audit)).not.toContain(token!);
  });

  it("logout revokes the session; logout everywhere revokes all of them", async () => {
    const a = await loginAs(db, "vic", "viewer");
    const b = await loginAs(db, "vic");
    await a.caller.auth.logout();
    expect(a.cookies.at(-1)).toContain("Max-Age=0");
    expect(await codeOf((await client(db, { token: a.token })).caller.auth.me())).toBe("UNAUTHORIZED");
    expect(await codeOf((await client(db, { token: b.token })).caller.auth.me())).toBe("OK");
    const c = await loginAs(db, "vic");
    await c.caller.auth.logoutEverywhere();
    expect(await codeOf((await client(db, { token: b.token })).caller.auth.me())).toBe("UNAUTHORIZED");
    expect(await codeOf((await client(db, { token: c.token })).caller.auth.me())).toBe("UNAUTHORIZED");
  });

  it("an admin revoking a user ends that user's sessions; disabling refuses login", async () => {
    const admin = await loginAs(db, "root");
    const u = await loginAs(db, "dave", "operator");
    const dave = await db.user.findUniqueOrThrow({ where: { username: "dave" } });
    expect((await admin.caller.user.revokeSessions({ id: dave.id })).revoked).toBe(1);
    expect(await codeOf((await client(db, { token: u.token })).caller.cluster.list())).toBe("UNAUTHORIZED");
    await admin.caller.user.update({ id: dave.id, version: dave.version, disabled: true });
    expect(await codeOf(loginAs(db, "dave"))).toBe("UNAUTHORIZED");
    // Stale version: refused with CONFLICT, nothing written.
    expect(await codeOf(admin.caller.user.update({ id: dave.id, version: dave.version, role: "admin" }))).toBe("CONFLICT");
    expect((await db.user.findUniqueOrThrow({ where: { id: dave.id } })).role).toBe("operator");
  });

  it("expires idle sessions", async () => {
    const s = await loginAs(db, "idle", "viewer");
    await db.session.updateMany({ where: { user: { username: "idle" } }, data: { lastSeenAt: new Date(Date.now() - 13 * 3600_000) } });
    expect(await codeOf((await client(db, { token: s.token })).caller.auth.me())).toBe("UNAUTHORIZED");
  });
});

describe("throttling", () => {
  it("locks a user name after repeated failures, with a clear message, even for the right password", async () => {
    await makeUser(db, "tess", "viewer");
    const anon = await client(db, { ip: "203.0.113.7" });
    for (let i = 0; i < 5; i++) {
      expect(await codeOf(anon.caller.auth.login({ username: "tess", password: "not the password" }))).toBe("UNAUTHORIZED");
    }
    expect(await codeOf(anon.caller.auth.login({ username: "tess", password: "not the password" }))).toBe("UNAUTHORIZED");
    const err: unknown = await anon.caller.auth.login({ username: "tess", password: PASSWORD }).catch((e: unknown) => e);
    expect((err as { code: string }).code).toBe("TOO_MANY_REQUESTS");
    expect((err as Error).message).toMatch(/too many failed sign-ins; try again in \d+ seconds/);
    // Another address is locked out of that user too (per-user key), but other users are not.
    const other = await client(db, { ip: "203.0.113.8" });
    expect(await codeOf(other.caller.auth.login({ username: "tess", password: PASSWORD }))).toBe("TOO_MANY_REQUESTS");
    expect(await codeOf(other.caller.auth.login({ username: "root", password: PASSWORD }))).toBe("OK");
  });

  it("locks an address that tries many user names", async () => {
    const anon = await client(db, { ip: "203.0.113.99" });
    for (let i = 0; i < 21; i++) await codeOf(anon.caller.auth.login({ username: `spray${i}`, password: "whatever123" }));
    expect(await codeOf(anon.caller.auth.login({ username: "root", password: PASSWORD }))).toBe("TOO_MANY_REQUESTS");
  });
});
