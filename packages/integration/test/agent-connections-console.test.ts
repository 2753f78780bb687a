import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrateDeploy, type Db } from "@shoal/db";
import { handleAgentRequest } from "@shoal/api/agent-http/handler";
import { nodeHandler } from "@shoal/api/http/node-adapter";
import { operator } from "./support/console-operator.ts";
import { ConsoleClient } from "@shoal/agent/console/client";
import { serveConsoleRequests } from "@shoal/agent/console/requests";
import { createLogger } from "@shoal/agent/log";

// The connection table on demand, end to end: a console user asks through tRPC, the console's
// real agent API (HTTP, migrated SQLite) queues the request, the agent's real long-poll loop
// reads a captured /proc/net/ip_vs_conn and answers; and the clear error when no agent answers.

const CAPTURED = `Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData
TCP C0A80A05 D431 C0A80764 0050 C0A8070A 0050 ESTABLISHED     897
TCP C0A80A06 9C40 C0A80764 0050 C0A8070A 0050 TIME_WAIT        62
`;

let dir: string;
let db: Db;
let server: Server;
let base: string;
let op: Awaited<ReturnType<typeof operator>>;
let clusterId: string;
const directors: Record<string, { id: string; token: string }> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "shoal-agent-conns-"));
  await migrateDeploy({ db: join(dir, "shoal.db") });
  db = createDb(join(dir, "shoal.db"));
  op = await operator(db, "conns-op");
  clusterId = (await op.caller.cluster.create({ name: "conns", description: "" })).id;
  for (const name of ["lvs1", "lvs2"]) {
    const d = await op.caller.director.create({ clusterId, data: { name, managementAddress: "192.168.7.2" } });
    directors[name] = { id: d.director.id, token: d.enrollmentToken };
  }
  server = createServer(nodeHandler((req) => handleAgentRequest(req, { db })));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 180_000);

afterAll(async () => {
  await new Promise<void>((r) => server?.close(() => r()));
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("connection table on demand", () => {
  it("reaches the agent through its long-poll and comes back filtered", async () => {
    const stop = new AbortController();
    const loop = serveConsoleRequests(new ConsoleClient(base, directors.lvs1!.token), createLogger("fatal"), stop.signal, async () => CAPTURED, 5);
    try {
      const listing = await op.caller.telemetry.connections({ clusterId, directorId: directors.lvs1!.id, query: { state: "established", limit: 10 } });
      expect(listing.total).toBe(1);
      expect(listing.truncated).toBe(false);
      expect(listing.connections).toEqual([
        {
          protocol: "tcp",
          expiresInSeconds: 897,
          state: "ESTABLISHED",
          clientAddress: "192.168.10.5",
          clientPort: 54321,
          virtualAddress: "192.168.7.100",
          virtualPort: 80,
          destAddress: "192.168.7.10",
          destPort: 80,
        },
      ]);
      // Top N across the whole table.
      const top = await op.caller.telemetry.connections({ clusterId, directorId: directors.lvs1!.id, query: { limit: 1 } });
      expect([top.total, top.truncated, top.connections.length]).toEqual([2, true, 1]);
    } finally {
      stop.abort();
      await loop;
    }
  }, 30_000);

  it("says so when the director's agent cannot read the table", async () => {
    const stop = new AbortController();
    const loop = serveConsoleRequests(
      new ConsoleClient(base, directors.lvs1!.token),
      createLogger("fatal"),
      stop.signal,
      async () => {
        throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
      },
      5,
    );
    try {
      await expect(op.caller.telemetry.connections({ clusterId, directorId: directors.lvs1!.id, query: {} })).rejects.toThrow(
        /lvs1 could not read its connection table: .*no IPVS/,
      );
    } finally {
      stop.abort();
      await loop;
    }
  }, 30_000);

  it("answers a clear error when the agent is offline, and refuses another cluster's director", async () => {
    await expect(op.caller.telemetry.connections({ clusterId, directorId: directors.lvs2!.id, query: {} })).rejects.toThrow(
      /director lvs2 did not answer within 10 s: its agent is offline/,
    );
    await expect(op.caller.telemetry.connections({ clusterId: "nope", directorId: directors.lvs2!.id, query: {} })).rejects.toThrow(/director not found/);
  }, 30_000);

  it("refuses a malformed answer with the field named, and an answer to an unknown request", async () => {
    const post = (id: string, body: unknown) =>
      fetch(`${base}/api/agent/v1/requests/${id}`, {
        method: "POST",
        headers: { authorization: `Bearer ${directors.lvs1!.token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const bad = await post("x1", { ok: true, listing: { t: 1, total: -1, truncated: false, connections: [] } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: { en: string } }).message.en).toMatch(/^invalid answer: listing\.total: /);
    const unknown = await post("x2", { ok: false, error: "late" });
    expect(unknown.status).toBe(404);
  });
});
