import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrateDeploy, type Db } from "@shoal/db";
import { handleAgentRequest } from "@shoal/api/agent-http/handler";
import { nodeHandler } from "@shoal/api/http/node-adapter";
import { operator } from "./support/console-operator.ts";
import { ConsoleClient, ConsoleError } from "@shoal/agent/console/client";
import { ConsoleRevisionSource } from "@shoal/agent/console/revision-source";
import { buildStatus } from "@shoal/agent/daemon/status";
import { createLogger } from "@shoal/agent/log";

// The agent's console client against the console's real agent HTTP handler over a real,
// migrated SQLite file: what the agent parses is what the console sends, and back.
let dir: string;
let db: Db;
let server: Server;
let base: string;
let op: Awaited<ReturnType<typeof operator>>;
let clusterId: string;
let directorId: string;
let token: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "shoal-agent-console-"));
  const path = join(dir, "shoal.db");
  await migrateDeploy({ db: path });
  db = createDb(path);
  op = await operator(db);
  const c = await op.caller.cluster.create({ name: "lab", description: "" });
  clusterId = c.id;
  await op.caller.virtualService.create({
    clusterId,
    data: { protocol: "tcp", address: "192.168.7.100", port: 80, scheduler: "wrr", realServers: [{ address: "192.168.7.10", port: 80, forwarding: "masq", weight: 3 }] },
  });
  const d = await op.caller.director.create({ clusterId, data: { name: "lvs1", managementAddress: "192.168.7.2" } });
  token = d.enrollmentToken;
  directorId = d.director.id;
  server = createServer(nodeHandler((req) => handleAgentRequest(req, { db })));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 180_000);

afterAll(async () => {
  await new Promise<void>((r) => server?.close(() => r()));
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("agent <-> console agent API", () => {
  it("nothing applied yet: the long-poll ends empty (204)", async () => {
    expect(await new ConsoleClient(base, token).waitRevision(null, 0)).toBeUndefined();
  });

  it("an applied revision arrives parsed into core's Cluster, with this director's record", async () => {
    await op.caller.revision.applyDraft({ clusterId, message: "first" });
    const r = await new ConsoleClient(base, token).waitRevision(null, 1);
    expect(r?.revision).toBe(1);
    expect(r?.cluster.virtualServices[0]).toMatchObject({ address: "192.168.7.100", port: 80, scheduler: "wrr" });
    expect(r?.director).toMatchObject({ name: "lvs1" });
  });

  it("the revision source follows a new revision through the long-poll", async () => {
    const stop = new AbortController();
    const seen: number[] = [];
    const got = new Promise<void>((resolve) => {
      void new ConsoleRevisionSource(new ConsoleClient(base, token), 20, createLogger("silent")).run(
        1,
        (m) => {
          seen.push(m.revision);
          resolve();
        },
        stop.signal,
      );
    });
    await op.caller.virtualService.create({ clusterId, data: { protocol: "tcp", address: "192.168.7.101", port: 443, realServers: [] } });
    await op.caller.revision.applyDraft({ clusterId, message: "second" });
    await got;
    stop.abort();
    expect(seen).toEqual([2]);
  });

  it("the status report is accepted as the agent builds it, and recorded", async () => {
    const status = buildStatus({
      appliedRevision: 2,
      targetRevision: 2,
      errors: [{ operation: "add real server 192.168.7.10:80 to tcp 192.168.7.100:80", message: "Invalid operation", errno: 22, at: new Date().toISOString() }],
      drift: [{ at: new Date().toISOString(), found: ["virtual service tcp 192.168.7.100:80 missing"], corrected: true }],
      health: [
        {
          service: "tcp 192.168.7.100:80",
          dest: "192.168.7.10:80",
          check: "tcp 192.168.7.10:80",
          up: false,
          lastMessage: "connect ECONNREFUSED",
          lastCheckedAt: new Date(),
          since: new Date(),
        },
      ],
      foreign: ["tcp 10.9.9.9:80"],
      draining: [{ service: "tcp 192.168.7.100:80", dest: "192.168.7.11:80", since: Date.now(), activeConns: 2 }],
      backend: "netlink",
    });
    await new ConsoleClient(base, token).postStatus(status);
    const row = await db.director.findUniqueOrThrow({ where: { id: directorId } });
    expect(row.appliedRevision).toBe(2);
    expect(row.lastError).toContain("Invalid operation");
  });

  it("a wrong token is refused with advice, never echoing the token", async () => {
    const bad = "shoal_agent_not_a_real_token";
    const err = await new ConsoleClient(base, bad).waitRevision(null, 0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConsoleError);
    expect((err as ConsoleError).retry).toBe(false);
    expect((err as Error).message).toMatch(/re-enroll/);
    expect((err as Error).message).not.toContain(bad);
  });

  it("an unreachable console is a retryable error naming the console, not the token", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = (await new ConsoleClient(`http://127.0.0.1:${port}`, token).waitRevision(null, 0).catch((e: unknown) => e)) as ConsoleError;
    expect(err.retry).toBe(true);
    expect(err.message).toMatch(/unreachable: ECONNREFUSED/);
    expect(err.message).not.toContain(token);
  });
});

describe("logs", () => {
  it("redact the token wherever it appears in a logged object", () => {
    let out = "";
    const sink = new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) });
    const log = createLogger("info", sink);
    log.info({ token: "s3cret-1", headers: { authorization: "Bearer s3cret-2" }, req: { headers: { authorization: "Bearer s3cret-3" } } }, "request");
    expect(out).not.toMatch(/s3cret/);
    expect(out).toContain("[redacted]");
  });
});
