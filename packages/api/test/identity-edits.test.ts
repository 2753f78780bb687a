// Editing what identifies a cluster and its directors (issue #3): the cluster's name and an existing
// director's name, management address, interfaces and role. Real router, real SQLite.
import { describe, expect, it } from "vitest";
import { codeOf, loginAs, testDb } from "./support/harness.ts";

const { db } = testDb();

type Conflict = { code: string; cause: { details: { conflict: { current: Record<string, unknown>; yours: Record<string, unknown>; changed: string[] } } } };

describe("cluster name", () => {
  it("renames with the version, audits before/after, refuses a stale version and a taken name", async () => {
    const op = await loginAs(db, "olga", "operator");
    const c = await op.caller.cluster.create({ name: "east", description: "" });
    await op.caller.cluster.create({ name: "west", description: "" });
    const renamed = await op.caller.cluster.update({ id: c.id, version: c.version, name: "east-2" });
    expect(renamed.name).toBe("east-2");

    const stale = (await op.caller.cluster.update({ id: c.id, version: c.version, name: "east-3" }).catch((e: unknown) => e)) as Conflict;
    expect(stale.code).toBe("CONFLICT");
    expect(stale.cause.details.conflict.current).toMatchObject({ name: "east-2" });
    expect(stale.cause.details.conflict.changed).toContain("name");

    const taken = (await op.caller.cluster.update({ id: c.id, version: renamed.version, name: "west" }).catch((e: unknown) => e)) as Error & { code: string };
    expect(taken.code).toBe("BAD_REQUEST");
    expect(taken.message).toMatch(/^name: a cluster named west exists/);
    expect((await op.caller.cluster.get({ id: c.id })).name).toBe("east-2");

    const admin = await loginAs(db, "root", "admin");
    const audit = await admin.caller.audit.list({ clusterId: c.id, action: "cluster.update", limit: 10 });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ before: { name: "east" }, after: { name: "east-2" } });
  });

  it("is refused to viewers", async () => {
    const op = await loginAs(db, "olga", "operator");
    const c = await op.caller.cluster.create({ name: "north", description: "" });
    const viewer = await loginAs(db, "vera", "viewer");
    expect(await codeOf(viewer.caller.cluster.update({ id: c.id, version: c.version, name: "mine" }))).toBe("FORBIDDEN");
  });
});

describe("existing directors", () => {
  it("edits every field with the version, audits, refuses stale versions, bad addresses and viewers", async () => {
    const op = await loginAs(db, "olga", "operator");
    const c = await op.caller.cluster.create({ name: "dir-edits", description: "" });
    const { director } = await op.caller.director.create({ clusterId: c.id, data: { name: "lvs1", managementAddress: "10.0.0.2" } });
    const data = { name: "lvs-a", managementAddress: "10.0.0.3", publicInterface: "eth1", privateInterface: "eth2", privateAddress: "10.1.0.1/24", role: "backup" as const };
    const upd = await op.caller.director.update({ id: director.id, version: director.version, data });
    expect(upd.director).toMatchObject({ ...data, version: director.version + 1 });

    const stale = (await op.caller.director.update({ id: director.id, version: director.version, data: { ...data, role: "primary" } }).catch((e: unknown) => e)) as Conflict;
    expect(stale.code).toBe("CONFLICT");
    expect(stale.cause.details.conflict.current).toMatchObject({ role: "backup" });
    expect(stale.cause.details.conflict.changed).toContain("role");

    const bad = (await op.caller.director
      .update({ id: director.id, version: upd.director.version, data: { ...data, managementAddress: "10.0.0.300" } })
      .catch((e: unknown) => e)) as Error & { code: string };
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toContain("managementAddress");

    const viewer = await loginAs(db, "vera", "viewer");
    expect(await codeOf(viewer.caller.director.update({ id: director.id, version: upd.director.version, data }))).toBe("FORBIDDEN");

    const admin = await loginAs(db, "root", "admin");
    const audit = await admin.caller.audit.list({ clusterId: c.id, action: "director.update", limit: 10 });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ before: { name: "lvs1", role: "primary" }, after: { name: "lvs-a", role: "backup", publicInterface: "eth1" } });
  });
});
