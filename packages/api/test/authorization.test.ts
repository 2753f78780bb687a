import { describe, expect, it } from "vitest";
import { appRouter, PUBLIC_PROCEDURES } from "../src/root.ts";
import { client, codeOf, loginAs, testDb, type Client } from "./support/harness.ts";

const { db } = testDb();

interface Proc {
  path: string;
  type: "query" | "mutation" | "subscription";
}

/** Every procedure of the router, found by walking it: a new one is covered without editing this file. */
const procedures: Proc[] = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: Proc["type"] } }>).map(([path, p]) => ({
  path,
  type: p._def.type,
}));

/** Mutations a viewer may make: only on their own session and password. */
const VIEWER_SELF_SERVICE = ["auth.logout", "auth.logoutEverywhere", "user.changeOwnPassword", "session.revoke", "session.revokeOthers"];
/** What needs admin: users, the audit log, deleting a cluster. */
const ADMIN_ONLY = [
  "alert.createChannel",
  "alert.deleteChannel",
  "alert.updateChannel",
  "audit.list",
  "cluster.delete",
  "user.create",
  "user.delete",
  "user.list",
  "user.revokeSessions",
  "user.setPassword",
  "user.update",
];

function call(c: Client, path: string, input: unknown): Promise<unknown> {
  let target: unknown = c.caller;
  for (const part of path.split(".")) target = (target as Record<string, unknown>)[part];
  return (target as (i: unknown) => Promise<unknown>)(input);
}

/** Inputs shaped well enough to get past parsing, so a refusal is the role check and not the schema. */
const SAMPLE = { id: "x", version: 1, clusterId: "x", serviceId: "x", number: 1, from: 0, to: 1, name: "x", enabled: true };

describe("authorization, enumerated over appRouter", () => {
  it("finds every router's procedures", () => {
    expect(procedures.length).toBeGreaterThan(50);
    for (const noun of [
      "auth",
      "setup",
      "user",
      "session",
      "audit",
      "cluster",
      "settings",
      "vrrp",
      "director",
      "virtualService",
      "realServer",
      "healthCheck",
      "revision",
      "export",
      "import",
    ]) {
      expect(
        procedures.some((p) => p.path.startsWith(`${noun}.`)),
        noun,
      ).toBe(true);
    }
  });

  it("anonymous callers get UNAUTHORIZED from everything but the public allowlist", async () => {
    const anon = await client(db);
    for (const p of procedures) {
      if ((PUBLIC_PROCEDURES as readonly string[]).includes(p.path)) continue;
      for (const input of [undefined, SAMPLE]) {
        expect(`${p.path}: ${await codeOf(call(anon, p.path, input))}`).toBe(`${p.path}: UNAUTHORIZED`);
      }
    }
  });

  it("the public procedures reveal nothing but their own answer", async () => {
    const anon = await client(db);
    expect(await codeOf(anon.caller.auth.me())).toBe("UNAUTHORIZED");
    expect(await anon.caller.setup.status()).toEqual({ needsSetup: true });
    expect(await codeOf(anon.caller.auth.login({ username: "nobody", password: "x" }))).toBe("UNAUTHORIZED");
    expect(await codeOf(anon.caller.setup.createAdmin({ token: "guess", username: "eve", password: "long enough password" }))).toBe("FORBIDDEN");
    expect(await db.user.count()).toBe(0);
  });

  it("viewers are refused every mutation except their own session and password", async () => {
    const viewer = await loginAs(db, "vera", "viewer");
    for (const p of procedures.filter((x) => x.type === "mutation")) {
      if ((PUBLIC_PROCEDURES as readonly string[]).includes(p.path) || VIEWER_SELF_SERVICE.includes(p.path)) continue;
      expect(`${p.path}: ${await codeOf(call(viewer, p.path, SAMPLE))}`).toBe(`${p.path}: FORBIDDEN`);
    }
    for (const path of VIEWER_SELF_SERVICE) {
      if (path.startsWith("auth.")) continue; // would end the session used by this test
      expect(`${path}: ${await codeOf(call(viewer, path, SAMPLE))}`).not.toBe(`${path}: FORBIDDEN`);
    }
  });

  it("viewers may read topology but not admin data", async () => {
    const viewer = await loginAs(db, "vera");
    for (const p of procedures.filter((x) => x.type === "query" && !(PUBLIC_PROCEDURES as readonly string[]).includes(x.path))) {
      const code = await codeOf(call(viewer, p.path, SAMPLE));
      if (ADMIN_ONLY.includes(p.path)) expect(`${p.path}: ${code}`).toBe(`${p.path}: FORBIDDEN`);
      else expect(`${p.path}: ${code}`).not.toMatch(/FORBIDDEN|UNAUTHORIZED/);
    }
  });

  it("operators are refused exactly the admin-only procedures", async () => {
    const op = await loginAs(db, "olga", "operator");
    const forbidden: string[] = [];
    for (const p of procedures) {
      if ((PUBLIC_PROCEDURES as readonly string[]).includes(p.path) || p.path.startsWith("auth.")) continue;
      if ((await codeOf(call(op, p.path, SAMPLE))) === "FORBIDDEN") forbidden.push(p.path);
    }
    expect(forbidden.sort()).toEqual([...ADMIN_ONLY].sort());
  });

  it("admins are refused nothing", async () => {
    await db.user.create({ data: { username: "root", role: "admin", passwordHash: (await db.user.findFirstOrThrow()).passwordHash } });
    const admin = await loginAs(db, "root");
    for (const p of procedures) {
      if ((PUBLIC_PROCEDURES as readonly string[]).includes(p.path) || p.path.startsWith("auth.")) continue;
      const code = await codeOf(call(admin, p.path, SAMPLE));
      expect(`${p.path}: ${code}`).not.toMatch(/FORBIDDEN|UNAUTHORIZED/);
    }
  });

  it("every refused mutation is in the audit log", async () => {
    const refused = await db.auditEntry.count({ where: { success: false, message: { startsWith: "FORBIDDEN" } } });
    expect(refused).toBeGreaterThan(20);
  });
});
