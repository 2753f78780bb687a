import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RevisionMessage } from "@shoal/core";
import { handleAgentRequest } from "../src/agent-http/handler.ts";
import { nodeHandler } from "../src/http/node-adapter.ts";
import { loginAs, testDb, type Client } from "./support/harness.ts";

const { db } = testDb();
let server: Server;
let base: string;
let op: Client;
const clusters: Record<string, { id: string; token: string; directorId: string }> = {};

async function makeCluster(name: string, vip: string) {
  const c = await op.caller.cluster.create({ name, description: "" });
  await op.caller.virtualService.create({ clusterId: c.id, data: { protocol: "tcp", address: vip, port: 80, realServers: [{ address: "192.168.7.10", port: 80 }] } });
  const d = await op.caller.director.create({ clusterId: c.id, data: { name: `${name}-lvs1`, managementAddress: "192.168.7.2" } });
  clusters[name] = { id: c.id, token: d.enrollmentToken, directorId: d.director.id };
}

function get(path: string, token?: string) {
  return fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}
function post(path: string, token: string, body: unknown) {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

beforeAll(async () => {
  server = createServer(nodeHandler((req) => handleAgentRequest(req, { db })));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  op = await loginAs(db, "olga", "operator");
  await makeCluster("alpha", "192.168.7.100");
  await makeCluster("beta", "192.168.8.100");
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("agent API over HTTP", () => {
  it("refuses requests without a valid director token", async () => {
    expect((await get("/api/agent/v1/revision")).status).toBe(401);
    expect((await get("/api/agent/v1/revision", "shoal_agent_forged")).status).toBe(401);
    const r = await get("/api/agent/v1/revision", "x");
    expect(r.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("stores only the token's hash", async () => {
    const row = await db.director.findUniqueOrThrow({ where: { id: clusters.alpha!.directorId } });
    expect(row.tokenHash).not.toContain(clusters.alpha!.token);
    expect(JSON.stringify(await op.caller.director.get({ id: row.id }))).not.toContain(row.tokenHash);
  });

  it("answers 204 while nothing is applied, then the applied revision of its own cluster only", async () => {
    const a = clusters.alpha!;
    expect((await get("/api/agent/v1/revision", a.token)).status).toBe(204);
    await op.caller.revision.applyDraft({ clusterId: a.id, message: "alpha 1" });
    const r = await get("/api/agent/v1/revision", a.token);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { revision: number; cluster: { name: string; virtualServices: { address: string }[] }; director: { name: string } };
    expect(body.revision).toBe(1);
    // what the console sends is what an agent parses: the one schema in core
    expect(RevisionMessage.parse(body)).toMatchObject({ protocol: 1, revision: 1 });
    expect(body.cluster.name).toBe("alpha");
    expect(body.director.name).toBe("alpha-lvs1");
    // beta's director sees nothing of alpha: its own cluster has no revision yet.
    expect((await get("/api/agent/v1/revision", clusters.beta!.token)).status).toBe(204);
    expect((await get("/api/agent/v1/revision?after=1", a.token)).status).toBe(204);
  });

  it("long-polls: a wait returns as soon as a revision is applied", async () => {
    const b = clusters.beta!;
    const waiting = get("/api/agent/v1/revision?after=0&wait=30", b.token);
    // Give the request time to reach the handler before applying (ordering only, not timing).
    await new Promise((r) => setTimeout(r, 200));
    await op.caller.revision.applyDraft({ clusterId: b.id, message: "beta 1" });
    const r = await waiting;
    expect(r.status).toBe(200);
    const body = (await r.json()) as { revision: number; cluster: { name: string } };
    expect(body).toMatchObject({ revision: 1, cluster: { name: "beta" } });
  });

  it("times out a long poll with 204 and validates parameters", async () => {
    const a = clusters.alpha!;
    expect((await get("/api/agent/v1/revision?after=1&wait=1", a.token)).status).toBe(204);
    const bad = await get("/api/agent/v1/revision?wait=9999", a.token);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: { en: string; zh: string } }).message.en).toMatch(/wait/);
  });

  it("stores a valid status report and shows it on the director; bad reports get 400 and store nothing", async () => {
    const a = clusters.alpha!;
    const report = {
      agentVersion: "0.1.0",
      mode: "director",
      appliedRevision: 1,
      targetRevision: 1,
      errors: [{ operation: "add dest", message: "Memory allocation problem", at: new Date().toISOString() }],
      drift: [],
      health: [{ service: "tcp 192.168.7.100:80", dest: "192.168.7.10:80", up: true, check: "tcp", lastMessage: "ok" }],
      foreignServices: [],
      draining: [],
      reportedAt: new Date().toISOString(),
    };
    expect((await post("/api/agent/v1/status", a.token, report)).status).toBe(200);
    const d = await op.caller.director.get({ id: a.directorId });
    expect(d.agent).toMatchObject({ appliedRevision: 1, agentVersion: "0.1.0" });
    expect(d.agent.lastSeenAt).toBeTruthy();
    expect(d.agent.lastError).toContain("Memory allocation problem");

    const bad = await post("/api/agent/v1/status", a.token, { ...report, agentVersion: "0.2.0", appliedRevision: "one" });
    expect(bad.status).toBe(400);
    const msg = (await bad.json()) as { message: { en: string; zh: string } };
    expect(msg.message.en).toMatch(/appliedRevision/);
    expect(msg.message.zh).toMatch(/appliedRevision/);
    expect((await post("/api/agent/v1/status", a.token, "{not json")).status).toBe(400);
    expect((await op.caller.director.get({ id: a.directorId })).agent.agentVersion).toBe("0.1.0");
  });

  it("negotiates the agent protocol: an agent without the header is protocol 1, one outside the range gets 426 with the reason, unknown fields are tolerated", async () => {
    const a = clusters.alpha!;
    const report = { agentVersion: "0.1.0", appliedRevision: 1, reportedAt: new Date().toISOString() };
    const withHeaders = (h: Record<string, string>, body: unknown = report) =>
      fetch(`${base}/api/agent/v1/status`, {
        method: "POST",
        headers: { authorization: `Bearer ${a.token}`, "content-type": "application/json", ...h },
        body: JSON.stringify(body),
      });

    // an agent that predates negotiation: no header, fewer fields
    expect((await withHeaders({})).status).toBe(200);
    // a newer agent of the same protocol sends a sub-object this console does not know
    const newer = await withHeaders({ "x-shoal-protocol": "1", "x-shoal-agent-version": "0.9.0" }, { ...report, agentVersion: "0.9.0", ha: { state: "MASTER" } });
    expect(newer.status).toBe(200);
    expect(newer.headers.get("x-shoal-protocol")).toBe("1");
    const d = await op.caller.director.get({ id: a.directorId });
    expect(d.agent.agentVersion).toBe("0.9.0");
    expect(d.agent.status).toMatchObject({ agentVersion: "0.9.0", mode: "director", errors: [] });
    expect(d.agent.status).not.toHaveProperty("ha");

    const tooNew = await withHeaders({ "x-shoal-protocol": "2", "x-shoal-agent-version": "2.0.0" });
    expect(tooNew.status).toBe(426);
    const body = (await tooNew.json()) as { message: { en: string; zh: string }; protocol: { min: number; max: number } };
    expect(body.message.en).toBe("shoal-agent 2.0.0 speaks agent protocol 2; this console speaks 1: upgrade the console, or run an agent that speaks 1");
    expect(body.message.zh).toContain("请升级控制台");
    expect(body.protocol).toEqual({ min: 1, max: 1 });
    expect((await op.caller.director.get({ id: a.directorId })).agent.agentVersion).toBe("0.9.0");

    const garbage = await withHeaders({ "x-shoal-protocol": "one" });
    expect(garbage.status).toBe(400);
    expect(((await garbage.json()) as { error: string }).error).toMatch(/x-shoal-protocol must be a protocol number/);
  });

  it("reserves samples (501 unless a handler is plugged in, which gets the director) and 404s unknown paths", async () => {
    expect((await post("/api/agent/v1/samples", clusters.alpha!.token, {})).status).toBe(501);
    const seen: unknown[] = [];
    const plugged = await handleAgentRequest(
      new Request("http://x/api/agent/v1/samples", { method: "POST", headers: { authorization: `Bearer ${clusters.beta!.token}` }, body: "{}" }),
      { db, samples: async (_req, who) => (seen.push(who), new Response(null, { status: 202 })) },
    );
    expect(plugged.status).toBe(202);
    expect(seen).toEqual([{ directorId: clusters.beta!.directorId, clusterId: clusters.beta!.id }]);
    expect((await get("/api/agent/v1/nothing", clusters.alpha!.token)).status).toBe(404);
  });

  it("a rotated token replaces the old one at once", async () => {
    const a = clusters.alpha!;
    const { enrollmentToken } = await op.caller.director.rotateToken({ id: a.directorId });
    expect((await get("/api/agent/v1/revision", a.token)).status).toBe(401);
    expect((await get("/api/agent/v1/revision", enrollmentToken)).status).toBe(200);
  });
});
