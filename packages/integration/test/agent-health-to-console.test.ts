import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cluster } from "@shoal/core";
import { createDb, migrateDeploy, type Db } from "@shoal/db";
import { handleAgentRequest } from "@shoal/api/agent-http/handler";
import { nodeHandler } from "@shoal/api/http/node-adapter";
import { samplesRoute } from "@shoal/api/agent-http/samples";
import { operator } from "./support/console-operator.ts";
import { AgentConfig } from "@shoal/agent/config/config";
import { startDirectorMonitoring } from "@shoal/agent/daemon/monitoring";
import { forwardHealthVerdicts } from "@shoal/agent/health/events";
import { HealthMonitor } from "@shoal/agent/health/monitor";
import type { IpvsKernel, IpvsSnapshot } from "@shoal/agent/kernel/types";
import { createLogger } from "@shoal/agent/log";
import type { Monitor } from "@shoal/agent/metrics/monitor";

// Health verdicts from the agent's real HTTP checker reach the console's timeline: a real local
// HTTP server whose /health flips between 200 and 503, the agent's HealthMonitor and sample
// batcher (as the director daemon wires them), the console's real agent API over HTTP on a
// migrated SQLite file, read back through the tRPC telemetry.health query.
// IPVS is not the point here: the kernel is a stand-in adapter returning one fixed service (the
// batcher only sends while samples flow), so this runs on any host.

const dir = mkdtempSync(join(tmpdir(), "shoal-agent-health-"));
// The console's process-wide telemetry store: this file's own SQLite, set before first use.
process.env.SHOAL_TELEMETRY_DATABASE = join(dir, "telemetry.db");

let db: Db;
let consoleServer: Server;
let realServer: Server;
let healthy = true;
let op: Awaited<ReturnType<typeof operator>>;
let clusterId: string;
let monitor: Monitor | undefined;
let checks: HealthMonitor | undefined;

const rates = { cps: 0, inPps: 0, outPps: 0, inBps: 0, outBps: 0 };
const counters = { conns: 1, inPkts: 1, outPkts: 1, inBytes: 1, outBytes: 1 };
const kernelStandIn = {
  readWithStats: async (): Promise<IpvsSnapshot> => ({
    state: { services: [] },
    stats: [{ key: "tcp 192.168.7.100:80", counters, rates, dests: [] }],
  }),
} as unknown as IpvsKernel;

beforeAll(async () => {
  await migrateDeploy({ db: join(dir, "shoal.db") });
  db = createDb(join(dir, "shoal.db"));
  op = await operator(db, "health-op");
  clusterId = (await op.caller.cluster.create({ name: "health", description: "" })).id;
  const d = await op.caller.director.create({ clusterId, data: { name: "lvs1", managementAddress: "192.168.7.2" } });
  writeFileSync(join(dir, "token"), `${d.enrollmentToken}\n`, { mode: 0o600 });
  consoleServer = createServer(nodeHandler((req) => handleAgentRequest(req, { db, samples: (r, who) => samplesRoute(r, who) })));
  await new Promise<void>((r) => consoleServer.listen(0, "127.0.0.1", r));
  realServer = createServer((req, res) => res.writeHead(healthy ? 200 : 503).end(healthy ? "ok" : "maintenance"));
  await new Promise<void>((r) => realServer.listen(0, "127.0.0.1", r));
}, 180_000);

afterAll(async () => {
  checks?.stop();
  await monitor?.stop();
  await new Promise<void>((r) => consoleServer?.close(() => r()));
  await new Promise<void>((r) => realServer?.close(() => r()));
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

async function timeline(service: string, dest: string) {
  return op.caller.telemetry.health({ clusterId, service, dest, from: Date.now() - 600_000, to: Date.now() });
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("health timeline, agent to console", () => {
  it("shows the first verdict and each transition of a real server whose check flips", async () => {
    const port = (realServer.address() as AddressInfo).port;
    const cluster = Cluster.parse({
      name: "health",
      virtualServices: [
        {
          address: "192.168.7.100",
          port: 80,
          scheduler: "rr",
          healthCheck: { type: "http", path: "/health", interval: 1, rise: 1, fall: 1, timeout: 1 },
          realServers: [{ address: "127.0.0.1", port, forwarding: "masq" }],
        },
      ],
    });
    const cfg = AgentConfig.parse({
      consoleUrl: `http://127.0.0.1:${(consoleServer.address() as AddressInfo).port}`,
      tokenFile: join(dir, "token"),
      sampleSeconds: 0.5,
      metricsAddress: null,
    });
    monitor = await startDirectorMonitoring(cfg, kernelStandIn, createLogger("fatal"));
    const batcher = monitor!.batcher!;
    checks = new HealthMonitor(() => undefined);
    forwardHealthVerdicts(checks, (e) => batcher.addHealth(e));
    checks.update(cluster);

    const service = "tcp 192.168.7.100:80";
    const dest = `127.0.0.1:${port}`;
    const states = async () => (await timeline(service, dest)).map((s) => s.state);
    expect(await until("the first verdict", async () => ((await states()).length ? await states() : undefined))).toEqual(["up"]);

    healthy = false;
    const down = await until("the down transition", async () => {
      const segs = await timeline(service, dest);
      return segs.some((s) => s.state === "down") ? segs : undefined;
    });
    expect(down.map((s) => s.state)).toEqual(["up", "down"]);
    expect(down[1]!.detail).toMatch(/503/);

    healthy = true;
    const back = await until("the up transition", async () => {
      const s = await states();
      return s.length === 3 ? s : undefined;
    });
    expect(back).toEqual(["up", "down", "up"]);
  }, 60_000);
});
