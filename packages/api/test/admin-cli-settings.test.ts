import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { client, codeOf, loginAs, testDb } from "./support/harness.ts";

const { db, path } = testDb();
const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");

function shoal(args: string[], stdin = ""): { code: number; out: string } {
  try {
    const out = execFileSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "--db", path, ...args], {
      cwd: pkg,
      input: stdin,
      encoding: "utf8",
      stdio: ["pipe", "pipe", "pipe"],
    });
    return { code: 0, out };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, out: `${err.stdout}${err.stderr}` };
  }
}

describe("shoal CLI (a real process on the same database)", () => {
  it("adds the first admin, refuses weak passwords and duplicates, changes a password, lists", async () => {
    expect(shoal(["user", "add", "alice", "--role", "admin"], "short\n")).toMatchObject({ code: 1, out: expect.stringContaining("password: at least 10 characters") });
    expect(shoal(["user", "add", "alice", "--role", "admin"], "long enough pw\n")).toMatchObject({ code: 0, out: "created admin alice\n" });
    expect(shoal(["user", "add", "alice", "--role", "viewer"], "long enough pw\n").code).toBe(1);
    const a = await client(db);
    expect((await a.caller.auth.login({ username: "alice", password: "long enough pw" })).user.role).toBe("admin");
    expect(await (await client(db)).caller.setup.status()).toEqual({ needsSetup: false });

    expect(shoal(["user", "passwd", "alice"], "another long pw\n").out).toContain("password of alice set; 1 session(s) signed out");
    expect(await codeOf((await client(db)).caller.auth.login({ username: "alice", password: "long enough pw" }))).toBe("UNAUTHORIZED");
    expect(shoal(["user", "list"]).out).toMatch(/^alice\tadmin\t/);
    const audit = await db.auditEntry.findMany({ where: { action: { startsWith: "cli." } } });
    expect(audit.map((x) => x.action).sort()).toEqual(["cli.user.add", "cli.user.passwd"]);
    expect(JSON.stringify(audit)).not.toContain("long enough pw");
  }, 240_000); // six processes that each load tsx: slow on a shared machine
});

describe("settings, VRRP and directors", () => {
  it("edits timeouts, sync daemon and VRRP under the cluster's version", async () => {
    const op = await loginAs(db, "olga", "operator");
    const c = await op.caller.cluster.create({ name: "set", description: "" });
    const s = await op.caller.settings.update({
      clusterId: c.id,
      version: c.version,
      timeouts: { tcp: 900, tcpFin: 120, udp: 300 },
      syncDaemon: { enabled: true, interface: "eth1", syncId: 7 },
    });
    expect(s.timeouts).toEqual({ tcp: 900, tcpFin: 120, udp: 300 });
    expect(await codeOf(op.caller.vrrp.update({ clusterId: c.id, version: c.version, vrrp: null }))).toBe("CONFLICT");
    const v = await op.caller.vrrp.update({ clusterId: c.id, version: s.version, vrrp: { interface: "eth0", virtualRouterId: 51 } });
    expect(v.vrrp).toMatchObject({ instance: "VI_1", priorityPrimary: 150, virtualRouterId: 51 });
    const draft = await op.caller.cluster.draft({ id: c.id });
    expect(draft).toMatchObject({ timeouts: { tcp: 900 }, syncDaemon: { syncId: 7 }, vrrp: { virtualRouterId: 51 } });
    const bad = await op.caller.vrrp.update({ clusterId: c.id, version: v.version, vrrp: { interface: "eth0", virtualRouterId: 300 } }).catch((e: unknown) => e);
    expect((bad as { code: string }).code).toBe("BAD_REQUEST");
    expect((await op.caller.vrrp.get({ clusterId: c.id })).vrrp?.virtualRouterId).toBe(51);
  });

  it("directors: the token only at creation, edits with versions, deletes", async () => {
    const op = await loginAs(db, "olga");
    const c = await op.caller.cluster.create({ name: "dirs", description: "" });
    const created = await op.caller.director.create({ clusterId: c.id, data: { name: "lvs1", managementAddress: "10.0.0.2", role: "primary" } });
    expect(created.enrollmentToken).toMatch(/^shoal_agent_/);
    const listed = await op.caller.director.list({ clusterId: c.id });
    expect(JSON.stringify(listed)).not.toContain(created.enrollmentToken);
    expect(await codeOf(op.caller.director.create({ clusterId: c.id, data: { name: "lvs1", managementAddress: "10.0.0.3" } }))).toBe("BAD_REQUEST");
    const upd = await op.caller.director.update({ id: created.director.id, version: 1, data: { name: "lvs1", managementAddress: "10.0.0.9", role: "primary" } });
    expect(upd.director).toMatchObject({ managementAddress: "10.0.0.9", version: 2 });
    expect(await codeOf(op.caller.director.delete({ id: created.director.id, version: 1 }))).toBe("CONFLICT");
    await op.caller.director.delete({ id: created.director.id, version: 2 });
    expect(await op.caller.director.list({ clusterId: c.id })).toEqual([]);
  });
});

describe("audit.list", () => {
  it("filters by cluster, action prefix, actor and outcome, newest first, with parsed before/after", async () => {
    const admin = await loginAs(db, "root", "admin");
    const dirs = await db.cluster.findUniqueOrThrow({ where: { name: "dirs" } });
    const byCluster = await admin.caller.audit.list({ clusterId: dirs.id, limit: 100 });
    expect(byCluster.items.map((i) => i.action)).toEqual(["director.delete", "director.update", "director.create", "cluster.create"]);
    const upd = byCluster.items.find((i) => i.action === "director.update")!;
    expect(upd.before).toMatchObject({ managementAddress: "10.0.0.2" });
    expect(upd.after).toMatchObject({ managementAddress: "10.0.0.9" });
    const failedLogins = await admin.caller.audit.list({ action: "auth.login", success: false, limit: 100 });
    expect(failedLogins.items.length).toBeGreaterThan(0);
    expect(failedLogins.items.every((i) => i.action === "auth.login" && !i.success)).toBe(true);
    const olga = await db.user.findUniqueOrThrow({ where: { username: "olga" } });
    const mine = await admin.caller.audit.list({ actorId: olga.id, limit: 2 });
    expect(mine.items).toHaveLength(2);
    const next = await admin.caller.audit.list({ actorId: olga.id, limit: 2, cursor: mine.nextCursor! });
    expect(next.items[0]!.id).toBeLessThan(mine.items[1]!.id);
  });

  it("sessions: list mine without secrets, revoke one", async () => {
    const a = await loginAs(db, "olga");
    const b = await loginAs(db, "olga");
    const list = await a.caller.session.list();
    expect(list.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(list)).not.toContain(a.token!);
    expect(Object.keys(list[0]!).sort()).toEqual(["createdAt", "current", "expiresAt", "id", "ip", "lastSeenAt", "userAgent"]);
    const other = list.find((s) => !s.current)!;
    await a.caller.session.revoke({ id: other.id });
    expect((await a.caller.session.list()).some((s) => s.id === other.id)).toBe(false);
    // A viewer cannot revoke someone else's session: it is "not found" to them.
    const v = await loginAs(db, "vic", "viewer");
    expect(await codeOf(v.caller.session.revoke({ id: list.find((s) => s.current)!.id }))).toBe("NOT_FOUND");
    void b;
  });
});
