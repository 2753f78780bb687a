import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  computeSample,
  LayoutTracker,
  METRICS,
  toWireSample,
  type HealthEvent,
  type RateSample,
  type SampleBatch,
  type StatsReading,
  type WireLayout,
} from "@shoal/core/metrics/index";
import { getTelemetry, ingestRequest, type LiveMessage } from "@shoal/telemetry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleAgentRequest } from "../src/agent-http/handler.ts";
import { nodeHandler } from "../src/http/node-adapter.ts";
import { loginAs, testDb, type Client } from "./support/harness.ts";

// The router reads the process-wide store; point it at this file's own SQLite before first use.
const telDir = mkdtempSync(join(tmpdir(), "shoal-api-telemetry-"));
process.env.SHOAL_TELEMETRY_DATABASE = join(telDir, "telemetry.db");

const { db } = testDb();
let server: Server;
let base: string;
let op: Client;
let viewer: Client;
const clusters: Record<string, { id: string; token: string; directorId: string }> = {};

const VIP = "tcp 192.168.7.100:80";
const RS = ["192.168.7.10:80", "192.168.7.11:80"];
const CPS = METRICS.indexOf("cps");

async function makeCluster(name: string, vip: string) {
  const c = await op.caller.cluster.create({ name, description: "" });
  await op.caller.virtualService.create({ clusterId: c.id, data: { protocol: "tcp", address: vip, port: 80, realServers: [{ address: "192.168.7.10", port: 80 }] } });
  const d = await op.caller.director.create({ clusterId: c.id, data: { name: `${name}-lvs1`, managementAddress: "192.168.7.2" } });
  clusters[name] = { id: c.id, token: d.enrollmentToken, directorId: d.director.id };
}

/** Kernel counters after `tick` seconds: every real server takes `rate` new connections a second. */
function reading(tick: number, rate: number): StatsReading {
  const c = (n: bigint) => ({ conns: n, inPkts: n * 10n, outPkts: n * 9n, inBytes: n * 1000n, outBytes: n * 5000n });
  const per = BigInt(tick * rate);
  return {
    services: [{ key: VIP, counters: c(per * BigInt(RS.length)), dests: RS.map((key, i) => ({ key, activeConns: 3 + i, inactiveConns: 1, counters: c(per) })) }],
  };
}

/** Plays the agent's batcher with core's wire helpers: rates, layouts, float32 matrices. */
class Agent {
  private prev: RateSample | null = null;
  private readonly layouts = new LayoutTracker(`test-${Date.now()}`);
  private seq = 0;

  batch(times: number[], rate: number, health: HealthEvent[] = []): SampleBatch {
    const layouts = new Map<string, WireLayout>();
    const samples = times.map((wallMs, i) => {
      this.prev = computeSample(this.prev, { wallMs, monoMs: wallMs, reading: reading(i, rate) });
      const { layout } = this.layouts.layoutOf(this.prev);
      layouts.set(layout.id, layout);
      return toWireSample(this.prev, layout);
    });
    return { v: 1, seq: this.seq++, layouts: [...layouts.values()], samples, health };
  }
}

function postSamples(token: string, body: unknown) {
  return fetch(`${base}/api/agent/v1/samples`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

beforeAll(async () => {
  // Exactly what the console's agent route does: the agent API with the telemetry ingest plugged in.
  server = createServer(nodeHandler((req) => handleAgentRequest(req, { db, samples: ingestRequest })));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  op = await loginAs(db, "olga", "operator");
  viewer = await loginAs(db, "vera", "viewer");
  await makeCluster("alpha", "192.168.7.100");
  await makeCluster("beta", "192.168.8.100");
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await getTelemetry().close();
  delete (globalThis as { __shoalTelemetry?: unknown }).__shoalTelemetry;
  rmSync(telDir, { recursive: true, force: true });
});

describe("live samples: agent HTTP API -> telemetry router", () => {
  it("stores a valid batch from an enrolled director and a viewer reads it back as series", async () => {
    const a = clusters.alpha!;
    const now = Date.now();
    const times = [now - 4000, now - 3000, now - 2000, now - 1000];
    const down: HealthEvent = { t: now - 2500, service: VIP, dest: RS[1]!, state: "down", detail: "connect refused" };
    const res = await postSamples(a.token, new Agent().batch(times, 10, [down]));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: 4, duplicates: 0, skewMs: null });

    // From the first sample: a range reaching further back than a director's 1 s ring is
    // answered from the 1 min tier instead.
    const range = { clusterId: a.id, from: times[0]!, to: now };
    const svc = await viewer.caller.telemetry.series({ ...range, kind: "service", service: VIP });
    expect(svc.source).toBe("raw");
    expect(svc.t).toEqual(times.map((t) => Math.floor(t / 1000) * 1000));
    // The first sample has no predecessor, hence no rate (a gap, not a zero).
    expect(svc.mean[CPS]).toEqual([null, 20, 20, 20]);
    expect(svc.mean[METRICS.indexOf("active")]).toEqual([7, 7, 7, 7]);

    const dest = await viewer.caller.telemetry.series({ ...range, kind: "dest", service: VIP, dest: RS[0]! });
    expect(dest.mean[CPS]).toEqual([null, 10, 10, 10]);
    expect(dest.mean[METRICS.indexOf("inBps")]).toEqual([null, 10_000, 10_000, 10_000]);

    const totals = await viewer.caller.telemetry.series({ ...range, kind: "totals" });
    expect(totals.mean[CPS]!.slice(1)).toEqual([20, 20, 20]);

    const health = await viewer.caller.telemetry.health({ ...range, from: now - 60_000, service: VIP, dest: RS[1]! });
    expect(health).toEqual([{ director: a.directorId, from: down.t, to: now, state: "down", detail: "connect refused" }]);

    // Another cluster's view stays empty: series are per cluster, by the token's director.
    const other = await viewer.caller.telemetry.series({ ...range, clusterId: clusters.beta!.id, kind: "totals" });
    expect(other.t).toEqual([]);
  });

  it("answers 400 to a malformed batch and stores nothing", async () => {
    const b = clusters.beta!;
    const now = Date.now();
    const batch = new Agent().batch([now - 2000, now - 1000], 5);
    // One float32 row short: the matrix no longer matches the layout.
    batch.samples[1]!.dst = batch.samples[1]!.dst.slice(0, -8);
    const res = await postSamples(b.token, batch);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; message: { en: string; zh: string } };
    expect(body.error).toBe("invalid-batch");
    expect(body.message.en).toMatch(/samples\.1\.dst/);
    expect(body.message.zh).toMatch(/采样批次无效/);

    expect((await postSamples(b.token, "{not json")).status).toBe(400);
    expect((await postSamples(b.token, { v: 1, seq: 0, samples: [{ t: "soon" }] })).status).toBe(400);

    // Not even the good first sample of the bad batch was kept.
    expect(getTelemetry().director(b.directorId)).toBeUndefined();
    const series = await viewer.caller.telemetry.series({ clusterId: b.id, kind: "service", service: "tcp 192.168.8.100:80", from: now - 60_000, to: now });
    expect(series.t).toEqual([]);
  });

  it("refuses samples without a director token before parsing them", async () => {
    const res = await postSamples("shoal_agent_forged", new Agent().batch([Date.now()], 1));
    expect(res.status).toBe(401);
  });

  it("streams each stored sample to a live subscriber of the cluster, real servers when asked", async () => {
    const a = clusters.alpha!;
    const stream = await viewer.caller.telemetry.live({ clusterId: a.id, destsOf: [VIP] });
    const it = stream[Symbol.asyncIterator]();
    const first = it.next();
    // Ordering, not timing: wait until the subscription is registered before posting.
    while (getTelemetry().hub.subscriberCount(a.id) === 0) await new Promise((r) => setTimeout(r, 10));

    const now = Date.now();
    // A new agent run (new layout epoch) after the earlier test's samples, one second later.
    const res = await postSamples(a.token, new Agent().batch([now], 10));
    expect(res.status).toBe(200);
    const msg = (await first).value as LiveMessage;
    await it.return?.(undefined);
    expect(msg.type).toBe("sample");
    if (msg.type !== "sample") return;
    expect(msg.directorId).toBe(a.directorId);
    expect(msg.services).toEqual([VIP]);
    expect(msg.svc[METRICS.indexOf("active")]).toBe(7);
    expect(msg.dests).toEqual([{ service: VIP, keys: RS, values: expect.any(Array) }]);
  });

  it("checks ranges", async () => {
    const err = await viewer.caller.telemetry.series({ clusterId: "x", kind: "totals", from: 2, to: 1 }).catch((e: { code: string }) => e.code);
    expect(err).toBe("BAD_REQUEST");
  });
});
