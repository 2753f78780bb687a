import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encodeSampleFrame, SAMPLE_FRAME_TYPE, type SampleBatch } from "@shoal/core/metrics/index";
import { handleSamples } from "../src/handler.ts";
import { toNodeListener } from "../src/node-http.ts";
import type { Telemetry } from "../src/telemetry.ts";
import { FakeAgent, reading, svcs, T0, tempTelemetry } from "./support.ts";

let tel: Telemetry;
let cleanup: () => Promise<void>;
let server: Server;
let url: string;

const directors: Record<string, { directorId: string; clusterId: string }> = { "tok-a": { directorId: "dir-a", clusterId: "c1" } };

beforeEach(async () => {
  ({ tel, cleanup } = tempTelemetry());
  server = createServer(toNodeListener((req) => handleSamples(req, async (t) => directors[t] ?? null, tel)));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/agent/v1/samples`;
});
afterEach(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await cleanup();
});

/** The ingest route's JSON answer: ok, or the problem with its located issues. */
interface Answer {
  [k: string]: unknown;
  message: { en: string; zh: string };
  issues: { path: string; message: string }[];
}

async function post(body: unknown, token = "tok-a") {
  const res = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer };
}

/** The agent's transport: the same batch as a binary frame. */
async function postFrame(batch: SampleBatch, edit: (f: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer> = (f) => f) {
  const raw = { ...batch, samples: batch.samples.map((s) => ({ ...s, svc: new Uint8Array(Buffer.from(s.svc, "base64")), dst: new Uint8Array(Buffer.from(s.dst, "base64")) })) };
  const res = await fetch(url, { method: "POST", headers: { authorization: "Bearer tok-a", "content-type": SAMPLE_FRAME_TYPE }, body: edit(encodeSampleFrame(raw)) });
  return { status: res.status, body: (await res.json()) as Answer };
}

describe("POST /api/agent/v1/samples", () => {
  it("stores a binary frame like the same batch in JSON: same frames, same numbers", async () => {
    const agent = new FakeAgent();
    const items = [0, 1, 2].map((i) => agent.sample(T0 + i * 1000, reading(svcs(3, 2, i))));
    expect(await postFrame(agent.batch(items.slice(0, 2)))).toEqual({ status: 200, body: { stored: 2, duplicates: 0, skewMs: null } });
    expect(await post(agent.batch(items.slice(2)))).toMatchObject({ status: 200, body: { stored: 1 } });
    const ring = tel.director("dir-a")!.ring;
    expect(ring.length).toBe(3);
    const frames = ring.range(-Infinity, Infinity);
    // tick 1 and 2 each add 10 connections per real server per second: equal rates either way.
    expect([...frames[1]!.dst]).toEqual([...frames[2]!.dst]);
    expect(frames[1]!.dst[2]).toBe(10);
  });

  it("answers 400 for a broken frame, saying where, and stores nothing", async () => {
    const agent = new FakeAgent();
    const b = agent.batch([agent.sample(T0, reading(svcs(2, 2, 0)))]);
    const cut = await postFrame(b, (f) => f.subarray(0, f.length - 8));
    expect(cut.status).toBe(400);
    expect(cut.body.issues[0]).toMatchObject({ path: "samples.0.dst", message: expect.stringContaining("left in the frame") });
    expect(cut.body.message.zh).toMatch(/samples\.0\.dst/);
    const notFrame = await postFrame(b, () => new TextEncoder().encode(JSON.stringify(b)));
    expect(notFrame.body.issues[0]).toMatchObject({ path: "frame" });
    expect(tel.director("dir-a")).toBeUndefined();
  });

  it("refuses a missing or unknown director token", async () => {
    expect((await post({}, "nope")).status).toBe(401);
    const res = await fetch(url, { method: "POST", body: "{}" });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/Bearer/);
  });

  it("stores a valid batch and says how much", async () => {
    const agent = new FakeAgent();
    const a = agent.sample(T0, reading(svcs(3, 2, 0)));
    const b = agent.sample(T0 + 1000, reading(svcs(3, 2, 1)));
    const r = await post(agent.batch([a, b]));
    expect(r).toEqual({ status: 200, body: { stored: 2, duplicates: 0, skewMs: null } });
    expect(tel.director("dir-a")!.ring.length).toBe(2);
  });

  it("answers 400 for malformed JSON and for an invalid batch, with the location, and stores nothing", async () => {
    const bad = await post("{not json");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("invalid-json");
    expect(bad.body.message.zh).toMatch(/JSON/);

    const agent = new FakeAgent();
    const good = agent.sample(T0, reading(svcs(2, 2, 0)));
    const broken = agent.sample(T0 + 1000, reading(svcs(2, 2, 1)));
    broken.sample.dst = broken.sample.dst.slice(0, -8);
    const r = await post(agent.batch([good, broken]));
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("invalid-batch");
    expect(r.body.message.en).toMatch(/^invalid sample batch: samples\.1\.dst: expected base64 of 4 rows x 7 float32/);
    expect(tel.director("dir-a")).toBeUndefined();

    const schema = await post({ v: 1, seq: 0, samples: [{ t: "soon" }] });
    expect(schema.status).toBe(400);
    expect(schema.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["samples.0.t", "samples.0.l"]));
    expect(tel.stats.samples).toBe(0);
  });

  it("asks for layouts it does not know (409) and accepts them resent", async () => {
    const agent = new FakeAgent();
    const a = agent.sample(T0, reading(svcs(2, 1, 0)));
    const batch = agent.batch([a]);
    batch.layouts = [];
    const r = await post(batch);
    expect(r.status).toBe(409);
    expect(r.body.error).toBe("layout-unknown");
    expect(r.body.layouts).toEqual([a.layout.id]);
    expect((await post(agent.batch([a], { resendLayouts: true }))).status).toBe(200);
  });

  it("counts a replayed batch as duplicates instead of storing it twice", async () => {
    const agent = new FakeAgent();
    const a = agent.sample(T0, reading(svcs(1, 1, 0)));
    const batch = agent.batch([a]);
    expect((await post(batch)).body.stored).toBe(1);
    expect((await post(batch)).body).toMatchObject({ stored: 0, duplicates: 1 });
    expect(tel.director("dir-a")!.ring.length).toBe(1);
  });

  it("refuses other methods", async () => {
    const res = await fetch(url, { method: "PUT", headers: { authorization: "Bearer tok-a" }, body: "{}" });
    expect(res.status).toBe(405);
  });
});

describe("a director whose clock is an hour ahead", () => {
  it("is re-stamped to the console's time, reported, and a replay is still recognised", async () => {
    const agent = new FakeAgent();
    const ahead = Date.now() + 3_600_000;
    const batch = agent.batch([agent.sample(ahead, reading(svcs(1, 1, 0)))]);
    const r = await post(batch);
    expect(r.status).toBe(200);
    expect(r.body.skewMs).toBeGreaterThan(3_500_000);
    const f = tel.director("dir-a")!.ring.latest()!;
    expect(Math.abs(f.t - Date.now())).toBeLessThan(60_000);
    expect(f.agentT).toBe(ahead);
    expect((await post(batch)).body).toMatchObject({ stored: 0, duplicates: 1 });
  });
});
