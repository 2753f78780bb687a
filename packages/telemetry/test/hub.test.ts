import { afterEach, describe, expect, it } from "vitest";
import { TelemetryHub, type HubEvent } from "../src/hub.ts";
import { liveStream } from "../src/live.ts";
import { FakeAgent, reading, svcs, tempTelemetry } from "./support.ts";

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

const health = (clusterId: string, n: number): HubEvent => ({
  type: "health",
  clusterId,
  directorId: "d",
  events: [{ t: n, service: "s", dest: "d", state: "up" }],
  publishedAt: n,
});

describe("TelemetryHub", () => {
  it("delivers a cluster's events to its subscribers only, in order", async () => {
    const hub = new TelemetryHub();
    const ac = new AbortController();
    const it1 = hub.subscribe("c1", { signal: ac.signal });
    const first = it1.next();
    hub.publish(health("c2", 0));
    hub.publish(health("c1", 1));
    hub.publish(health("c1", 2));
    expect(((await first).value as HubEvent).publishedAt).toBe(1);
    expect(((await it1.next()).value as HubEvent).publishedAt).toBe(2);
    ac.abort();
    expect((await it1.next()).done).toBe(true);
    expect(hub.subscriberCount("c1")).toBe(0);
  });

  it("drops the oldest for a subscriber that falls behind, never blocking the publisher", async () => {
    const hub = new TelemetryHub();
    const ac = new AbortController();
    const sub = hub.subscribe("c1", { signal: ac.signal, maxQueue: 3 });
    const first = sub.next();
    for (let i = 1; i <= 10; i++) hub.publish(health("c1", i));
    const got = [((await first).value as HubEvent).publishedAt];
    for (let i = 0; i < 2; i++) got.push(((await sub.next()).value as HubEvent).publishedAt);
    expect(got).toEqual([8, 9, 10]);
    ac.abort();
    await sub.next();
  });
});

describe("liveStream (what a tRPC subscription yields)", () => {
  it("sends service keys with the first message and on layout changes only, values every time", async () => {
    const { tel, cleanup } = tempTelemetry();
    cleanups.push(cleanup);
    const ac = new AbortController();
    const stream = liveStream(tel.hub, { clusterId: "c1", destsOf: ["tcp 10.0.0.2:80"], signal: ac.signal });
    const pending = stream.next();
    const agent = new FakeAgent();
    const who = { directorId: "d1", clusterId: "c1" };
    const t = Date.now() - 2000;
    tel.ingest(who, agent.batch([agent.sample(t, reading(svcs(2, 2, 0)))]), t + 5);
    tel.ingest(who, agent.batch([agent.sample(t + 1000, reading(svcs(2, 2, 1)))]), t + 1005);
    tel.ingest(who, agent.batch([agent.sample(t + 2000, reading(svcs(3, 2, 2)))]), t + 2005);
    const m1 = (await pending).value!;
    const m2 = (await stream.next()).value!;
    const m3 = (await stream.next()).value!;
    ac.abort();
    if (m1.type !== "sample" || m2.type !== "sample" || m3.type !== "sample") throw new Error("expected samples");
    expect(m1.services).toEqual(["tcp 10.0.0.1:80", "tcp 10.0.0.2:80"]);
    expect(m1.svc).toHaveLength(2 * 7);
    expect(m1.svc.slice(0, 7)).toEqual([1, 2, null, null, null, null, null]);
    expect(m2.services).toBeUndefined();
    expect(m2.svc.slice(7, 14)).toEqual([3, 2, 20, 200, 180, 20000, 100000]);
    expect(m2.dests).toEqual([{ service: "tcp 10.0.0.2:80", keys: ["10.0.1.1:80", "10.0.1.2:80"], values: [1, 1, 10, 100, 90, 10000, 50000, 2, 1, 10, 100, 90, 10000, 50000] }]);
    expect(m2.totals).toEqual([4, 4, 40, 400, 360, 40000, 200000]);
    expect(m3.services).toHaveLength(3);
    expect(m3.agentT).toBe(t + 2000);
  });
});
