import { describe, expect, it } from "vitest";
import { handleTrpcRequest } from "../src/http/trpc.ts";
import { codeOf, loginAs, testDb } from "./support/harness.ts";

const { db } = testDb();

async function setupCluster(name: string) {
  const op = await loginAs(db, "olga", "operator");
  const cluster = await op.caller.cluster.create({ name, description: "" });
  const { service } = await op.caller.virtualService.create({
    clusterId: cluster.id,
    data: { protocol: "tcp", address: "192.168.0.100", port: 80, scheduler: "wlc", realServers: [] },
  });
  return { op, cluster, service };
}

describe("virtual services and real servers", () => {
  it("undrain restores the weight the real server had before the drain", async () => {
    const { op, service } = await setupCluster("undrain");
    const a = await op.caller.realServer.create({ serviceId: service.id, data: { address: "10.0.2.31", port: 80, forwarding: "masq", weight: 7 } });
    const drained = await op.caller.realServer.drain({ id: a.realServer.id, version: 1 });
    expect(drained.realServer).toMatchObject({ weight: 0, drainedWeight: 7 });
    // draining again (e.g. a second operator) must not lose the 7
    const again = await op.caller.realServer.drain({ id: a.realServer.id, version: drained.realServer.version });
    expect(again.realServer).toMatchObject({ weight: 0, drainedWeight: 7 });
    const back = await op.caller.realServer.undrain({ id: a.realServer.id, version: again.realServer.version });
    expect(back.realServer).toMatchObject({ weight: 7, drainedWeight: null });
    // not drained: refused with a reason, nothing changes
    await expect(op.caller.realServer.undrain({ id: a.realServer.id, version: back.realServer.version })).rejects.toThrow(/not drained \(weight 7\)/);
    // a weight set by hand while drained wins over the remembered one
    const d2 = await op.caller.realServer.drain({ id: a.realServer.id, version: back.realServer.version });
    const { id: _i, version: _v, serviceId: _s, clusterId: _c, drainedWeight: _d, ...data } = d2.realServer;
    const edited = await op.caller.realServer.update({ id: a.realServer.id, version: d2.realServer.version, data: { ...data, weight: 4 } });
    expect(edited.realServer).toMatchObject({ weight: 4, drainedWeight: null });
    // a server never drained through the console (weight 0 from the start) comes back at 1
    const z = await op.caller.realServer.create({ serviceId: service.id, data: { address: "10.0.2.32", port: 80, forwarding: "masq", weight: 0 } });
    expect((await op.caller.realServer.undrain({ id: z.realServer.id, version: 1 })).realServer.weight).toBe(1);
  });

  it("creates, edits, enables/disables, drains and deletes, keeping versions", async () => {
    const { op, cluster, service } = await setupCluster("web");
    expect(service.key).toBe("tcp 192.168.0.100:80");
    const a = await op.caller.realServer.create({ serviceId: service.id, data: { address: "10.0.2.11", port: 80, forwarding: "masq", weight: 3 } });
    const b = await op.caller.realServer.create({ serviceId: service.id, data: { address: "10.0.2.12", port: 80, forwarding: "masq" } });
    expect(a.realServer.version).toBe(1);

    const drained = await op.caller.realServer.drain({ id: a.realServer.id, version: 1 });
    expect(drained.realServer).toMatchObject({ weight: 0, version: 2 });
    const disabled = await op.caller.realServer.setEnabled({ id: b.realServer.id, version: 1, enabled: false });
    expect(disabled.realServer.enabled).toBe(false);
    const edited = await op.caller.realServer.update({ id: a.realServer.id, version: 2, data: { address: "10.0.2.21", port: 8080, forwarding: "masq", weight: 5 } });
    expect(edited.realServer).toMatchObject({ address: "10.0.2.21", port: 8080, weight: 5, version: 3 });

    await op.caller.healthCheck.set({ serviceId: service.id, version: service.version, healthCheck: { type: "http", path: "/healthz" } });
    const detail = await op.caller.virtualService.get({ id: service.id });
    expect(detail.healthCheck).toMatchObject({ type: "http", path: "/healthz", expectStatus: [200] });
    expect(detail.realServers.map((r) => r.address)).toEqual(["10.0.2.21", "10.0.2.12"]);

    const list = await op.caller.virtualService.list({ clusterId: cluster.id });
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ key: "tcp 192.168.0.100:80", realServers: 2, activeRealServers: 1 });

    await op.caller.realServer.delete({ id: b.realServer.id, version: disabled.realServer.version });
    expect((await op.caller.realServer.list({ serviceId: service.id })).length).toBe(1);
    const svc = await op.caller.virtualService.get({ id: service.id });
    await op.caller.virtualService.delete({ id: service.id, version: svc.version });
    expect(await db.realServer.count({ where: { serviceId: service.id } })).toBe(0);

    const actions = (await db.auditEntry.findMany({ where: { clusterId: cluster.id }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual([
      "cluster.create",
      "virtualService.create",
      "realServer.create",
      "realServer.create",
      "realServer.drain",
      "realServer.setEnabled",
      "realServer.update",
      "healthCheck.set",
      "realServer.delete",
      "virtualService.delete",
    ]);
    const drain = await db.auditEntry.findFirstOrThrow({ where: { action: "realServer.drain", clusterId: cluster.id } });
    expect(JSON.parse(drain.before!).weight).toBe(3);
    expect(JSON.parse(drain.after!).weight).toBe(0);
    expect(drain.actorName).toBe("olga");
  });

  it("refuses a stale version with CONFLICT showing current and yours, and writes nothing", async () => {
    const { op, service } = await setupCluster("web2");
    const { realServer } = await op.caller.realServer.create({ serviceId: service.id, data: { address: "10.0.2.50", port: 80, forwarding: "masq" } });
    await op.caller.realServer.update({ id: realServer.id, version: 1, data: { address: "10.0.2.50", port: 80, forwarding: "masq", weight: 7 } });
    const err = (await op.caller.realServer
      .update({ id: realServer.id, version: 1, data: { address: "10.0.2.50", port: 80, forwarding: "masq", weight: 9 } })
      .catch((e: unknown) => e)) as { code: string; cause: { details: { conflict: { current: { weight: number }; yours: { weight: number }; changed: string[] } } } };
    expect(err.code).toBe("CONFLICT");
    expect(err.cause.details.conflict.current.weight).toBe(7);
    expect(err.cause.details.conflict.yours.weight).toBe(9);
    expect(err.cause.details.conflict.changed).toContain("weight");
    expect((await op.caller.realServer.get({ id: realServer.id })).weight).toBe(7);
  });
});

describe("validation over HTTP (what the console sees)", () => {
  it("login over HTTP sets the session cookie, Secure behind https, and the cookie authenticates", async () => {
    const login = (proto: string) =>
      handleTrpcRequest(
        new Request("http://console.test/api/trpc/auth.login", {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-proto": proto, "x-forwarded-for": "198.51.100.50" },
          body: JSON.stringify({ username: "olga", password: "correct horse battery" }),
        }),
        { db },
      );
    const plain = await login("http");
    expect(plain.status).toBe(200);
    expect(plain.headers.get("set-cookie")).toMatch(/^shoal_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=60479\d$/);
    const tls = await login("https");
    const cookie = tls.headers.get("set-cookie")!;
    expect(cookie).toMatch(/; Secure$/);
    const me = await handleTrpcRequest(new Request("http://console.test/api/trpc/auth.me", { headers: { cookie: cookie.split(";")[0]! } }), { db });
    expect(((await me.json()) as { result: { data: { username: string } } }).result.data.username).toBe("olga");
    const session = await db.session.findFirstOrThrow({ where: { user: { username: "olga" } }, orderBy: { createdAt: "desc" } });
    expect(session.ip).toBe("198.51.100.50");
  });

  async function post(path: string, body: unknown, token: string) {
    const res = await handleTrpcRequest(
      new Request(`http://console.test/api/trpc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: `shoal_session=${token}` },
        body: JSON.stringify(body),
      }),
      { db },
    );
    return {
      status: res.status,
      body: (await res.json()) as { error?: { message: string; data: { code: string; diagnostics: { path?: (string | number)[]; message: { en: string; zh: string } }[] } } },
    };
  }

  it("a bad field is refused with diagnostics naming it in English and Chinese, and nothing changes", async () => {
    const op = await loginAs(db, "olga");
    const cluster = await op.caller.cluster.create({ name: "v", description: "" });
    const before = await db.virtualService.count();
    const r = await post("virtualService.create", { clusterId: cluster.id, data: { protocol: "tcp", address: "300.1.2.3", port: 80 } }, op.token!);
    expect(r.status).toBe(400);
    const d = r.body.error!.data.diagnostics;
    expect(d.length).toBeGreaterThan(0);
    expect(d[0]!.path).toEqual(["data", "address"]);
    expect(d[0]!.message.en).toMatch(/address/i);
    expect(d[0]!.message.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(await db.virtualService.count()).toBe(before);
  });

  it("semantic errors come back from validateCluster after an edit and block applying", async () => {
    const op = await loginAs(db, "olga");
    const cluster = await op.caller.cluster.create({ name: "sem", description: "" });
    // Flags only mean something for sh/mh; fwmark services carry no address: core's validator says so.
    const created = await op.caller.virtualService.create({
      clusterId: cluster.id,
      data: { protocol: "fwmark", fwmark: 1, address: "192.168.0.1", scheduler: "rr", schedFlags: ["sh-port"] },
    });
    const errors = created.diagnostics.filter((x) => x.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.message.en && e.message.zh)).toBe(true);
    const preview = await op.caller.revision.preview({ clusterId: cluster.id });
    expect(preview.canApply).toBe(false);
    expect(await codeOf(op.caller.revision.applyDraft({ clusterId: cluster.id, message: "x" }))).toBe("PRECONDITION_FAILED");
    expect(await db.revision.count({ where: { clusterId: cluster.id } })).toBe(0);
  });
});

describe("virtualService.list", () => {
  it("filters, sorts and pages in SQL, with real-server counts and the total", async () => {
    const op = await loginAs(db, "olga");
    const c = await op.caller.cluster.create({ name: "lists", description: "" });
    for (let i = 0; i < 7; i++) {
      await op.caller.virtualService.create({
        clusterId: c.id,
        data: {
          name: `svc_${i}`,
          protocol: i % 2 ? "udp" : "tcp",
          address: `10.9.0.${20 - i}`,
          port: 1000 + i,
          enabled: i !== 3,
          realServers: Array.from({ length: i }, (_, j) => ({ address: `10.9.1.${j + 1}`, port: 80, weight: j === 0 ? 0 : 1 })),
        },
      });
    }
    const page = await op.caller.virtualService.list({ clusterId: c.id, sort: "address", direction: "asc", offset: 2, limit: 3 });
    expect(page.total).toBe(7);
    expect(page.items.map((i) => i.address)).toEqual(["10.9.0.16", "10.9.0.17", "10.9.0.18"]);
    expect(page.items.map((i) => [i.realServers, i.activeRealServers])).toEqual([
      [4, 3],
      [3, 2],
      [2, 1],
    ]);
    expect((await op.caller.virtualService.list({ clusterId: c.id, protocol: "udp" })).items.map((i) => i.name)).toEqual(["svc_1", "svc_3", "svc_5"]);
    expect((await op.caller.virtualService.list({ clusterId: c.id, enabled: false })).items.map((i) => i.name)).toEqual(["svc_3"]);
    expect((await op.caller.virtualService.list({ clusterId: c.id, search: "1004" })).items.map((i) => i.name)).toEqual(["svc_4"]);
    // LIKE wildcards in the search are literal characters.
    expect((await op.caller.virtualService.list({ clusterId: c.id, search: "svc%" })).total).toBe(0);
    expect((await op.caller.virtualService.list({ clusterId: c.id, search: "svc_" })).total).toBe(7);
    const beyond = await op.caller.virtualService.list({ clusterId: c.id, offset: 50 });
    expect(beyond).toEqual({ total: 7, items: [] });
    expect((await op.caller.virtualService.list({ clusterId: c.id, sort: "port", direction: "desc", limit: 1 })).items[0]).toMatchObject({
      port: 1006,
      key: "tcp 10.9.0.14:1006",
      enabled: true,
    });
  });
});
