import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { testDb } from "./support/harness.ts";
import { until, webhookReceiver } from "./support/receivers.ts";

const here = dirname(fileURLToPath(import.meta.url));
const { db, path } = testDb();
const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.kill("SIGKILL")));

function worker(): Promise<ChildProcess> {
  const c = spawn(process.execPath, ["--import", "tsx", join(here, "support/event-worker.ts"), path], {
    env: { ...process.env, SHOAL_ALERT_LEASE_MS: "1000", SHOAL_LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(c);
  return new Promise((resolve, reject) => {
    c.stdout.on("data", (d: Buffer) => d.toString().includes("ready") && resolve(c));
    c.on("exit", (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

describe("the outbox survives a console killed mid-delivery", () => {
  it("kill -9 while a webhook is in flight: after a restart every alert is delivered at least once, none lost", async () => {
    const hook = await webhookReceiver({ delayMs: 1500 });
    const arrived: number[] = [];
    hook.server.prependListener("request", () => arrived.push(Date.now()));
    const cluster = await db.cluster.create({ data: { name: "k9" } });
    const ch = await db.alertChannel.create({ data: { name: "k9", type: "webhook", config: JSON.stringify({ url: hook.url }) } });
    const rule = await db.alertRule.create({
      data: {
        data: JSON.stringify({
          name: "all",
          enabled: true,
          kinds: [],
          minSeverity: "info",
          clusterId: null,
          service: null,
          waitSeconds: 0,
          repeatSeconds: 0,
          sendResolved: true,
          channelIds: [ch.id],
        }),
      },
    });
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const e = await db.event.create({
        data: {
          clusterId: cluster.id,
          kind: "realserver.down",
          severity: "warning",
          key: `k${i}`,
          openKey: `${cluster.id}|k${i}`,
          message: `10.0.0.${i}:80 down`,
          dest: `10.0.0.${i}:80`,
          startedAt: new Date(),
        },
      });
      await db.notification.create({ data: { ruleId: rule.id, eventId: e.id, state: "pending", nextAt: new Date() } });
      ids.push(e.id);
    }
    const first = await worker();
    await until(() => arrived.length > 0, "the first delivery to be in flight");
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    // Killed before the receiver answered: nothing is marked delivered.
    expect(await db.outbox.count({ where: { deliveredAt: { not: null } } })).toBe(0);
    expect(await db.outbox.count()).toBeGreaterThan(0);

    hook.state.delayMs = 0;
    await worker();
    await until(
      async () => (await db.outbox.count({ where: { deliveredAt: null } })) === 0 && (await db.notification.count({ where: { state: "pending" } })) === 0,
      "every outbox row delivered",
      30_000,
    );
    const got = new Set(hook.bodies.flatMap((b) => b.body.alerts.map((a: { eventId: string }) => a.eventId)));
    expect([...ids].filter((id) => !got.has(id))).toEqual([]);
    expect(await db.outbox.count()).toBe(40);
    hook.server.closeAllConnections();
    await hook.close();
  });
});
