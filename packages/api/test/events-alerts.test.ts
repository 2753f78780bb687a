import type { TRPCError } from "@trpc/server";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256 } from "@shoal/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleAgentRequest } from "../src/agent-http/handler.ts";
import { ShoalDetails } from "../src/errors.ts";
import { startEventService, type EventService } from "../src/events/service.ts";
import { codeOf, loginAs, testDb } from "./support/harness.ts";
import { alertmanager, smtpReceiver, until, webhookReceiver } from "./support/receivers.ts";

/** The error a procedure must refuse with (a call that succeeds fails the test). */
function refused(p: Promise<unknown>): Promise<TRPCError> {
  return p.then(
    () => {
      throw new Error("expected the call to be refused");
    },
    (e: TRPCError) => e,
  );
}

const { db } = testDb();
const TOKEN = "director-token-events-test-0123456789";
let clusterId = "";
let directorId = "";
let svc: EventService;

function report(health: { dest: string; up: boolean; msg?: string }[], extra: Record<string, unknown> = {}) {
  const body = {
    agentVersion: "test",
    appliedRevision: 1,
    targetRevision: 1,
    health: health.map((h) => ({ service: "tcp 10.0.1.100:80", dest: h.dest, up: h.up, check: "http", lastMessage: h.msg ?? (h.up ? "HTTP 200" : "connection refused") })),
    reportedAt: new Date().toISOString(),
    ...extra,
  };
  return handleAgentRequest(
    new Request("http://console/api/agent/v1/status", {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { db },
  );
}

beforeAll(async () => {
  const c = await db.cluster.create({ data: { name: "prod" } });
  clusterId = c.id;
  const d = await db.director.create({ data: { clusterId, name: "lvs-a", role: "master", data: "{}", tokenHash: sha256(TOKEN), appliedRevision: 1 } });
  directorId = d.id;
  svc = await startEventService({ db, tickMs: 100, sweepMs: 200 });
});
afterAll(() => svc.stop());

describe("events and alerts on a real SQLite file with real receivers", () => {
  it("records a real server down with the check's message, ends it when up, and pages through a webhook (wait, resolve)", async () => {
    const hook = await webhookReceiver();
    const admin = await loginAs(db, "admin", "admin");
    const ch = await admin.caller.alert.createChannel({ name: "ops-hook", type: "webhook", locale: "zh-CN", config: { url: hook.url }, secrets: { token: "s3cret-token" } });
    await admin.caller.alert.createRule({
      name: "rs down",
      kinds: ["realserver.down"],
      minSeverity: "warning",
      clusterId,
      waitSeconds: 1,
      repeatSeconds: 0,
      sendResolved: true,
      channelIds: [ch.id],
    });

    expect(
      (
        await report([
          { dest: "10.0.0.1:80", up: false, msg: "connect ECONNREFUSED 10.0.0.1:80" },
          { dest: "10.0.0.2:80", up: true },
        ])
      ).status,
    ).toBe(200);
    const list = await admin.caller.event.list({ clusterId, kinds: ["realserver.down"] });
    expect(list.items.map((e) => [e.dest, e.open, e.message])).toEqual([["10.0.0.1:80", true, "10.0.0.1:80 down: connect ECONNREFUSED 10.0.0.1:80"]]);

    const firing = await until(() => hook.bodies.find((b) => b.body.alerts.some((a) => a.status === "firing")), "the firing webhook");
    const a = firing.body.alerts[0]!;
    expect(firing.body.version).toBe("shoal.alert/1");
    expect(firing.headers.authorization).toBe("Bearer s3cret-token");
    expect([a.kind, a.cluster, a.realServer, a.director]).toEqual(["realserver.down", "prod", "10.0.0.1:80", "lvs-a"]);
    expect(a.title).toContain("真实服务器故障");
    expect(a.url).toContain(`/c/${clusterId}/events`);

    await report([
      { dest: "10.0.0.1:80", up: true },
      { dest: "10.0.0.2:80", up: true },
    ]);
    const resolved = await until(() => hook.bodies.find((b) => b.body.alerts.some((x) => x.status === "resolved")), "the resolved webhook");
    expect(resolved.body.alerts[0]!.eventId).toBe(a.eventId);
    const ended = (await admin.caller.event.list({ clusterId, kinds: ["realserver.down"] })).items[0]!;
    expect(ended.open).toBe(false);
    expect(ended.endMessage).toBe("10.0.0.1:80 up: HTTP 200");
    expect((await admin.caller.alert.channels()).find((c) => c.id === ch.id)!.lastSuccessAt).not.toBeNull();
    await admin.caller.alert.deleteRule({ id: (await admin.caller.alert.rules())[0]!.id });
    await hook.close();
  });

  it("a flap shorter than the wait pages nobody", async () => {
    const hook = await webhookReceiver();
    const admin = await loginAs(db, "admin");
    const ch = await admin.caller.alert.createChannel({ name: "flap-hook", type: "webhook", config: { url: hook.url } });
    const rule = await admin.caller.alert.createRule({ name: "flap", kinds: ["realserver.down"], waitSeconds: 3600, channelIds: [ch.id] });
    await report([{ dest: "10.0.0.3:80", up: false }]);
    await report([{ dest: "10.0.0.3:80", up: true }]);
    const ev = (await admin.caller.event.list({ clusterId, dest: "10.0.0.3:80" })).items[0]!;
    const n = await until(async () => {
      const x = await db.notification.findUnique({ where: { ruleId_eventId: { ruleId: rule.id, eventId: ev.id } } });
      return x?.state === "dropped" ? x : null;
    }, "the notification to be dropped");
    expect(n.lastSentAt).toBeNull();
    expect(await db.outbox.count({ where: { eventId: ev.id } })).toBe(0);
    await admin.caller.alert.deleteRule({ id: rule.id });
    await hook.close();
  });

  it("a refusing webhook (HTTP 500) is retried, its error shown, and delivered once it accepts", async () => {
    const hook = await webhookReceiver();
    hook.state.failNext = 1;
    const admin = await loginAs(db, "admin");
    const ch = await admin.caller.alert.createChannel({ name: "flaky", type: "webhook", config: { url: hook.url } });
    const { deliveryId } = await admin.caller.alert.testChannel({ id: ch.id });
    const failed = await until(async () => (await admin.caller.alert.channels()).find((c) => c.id === ch.id && c.lastError), "the failure to be recorded");
    expect(failed.lastError).toBe("HTTP 500: receiver is down for maintenance");
    const done = await until(async () => {
      const d = await admin.caller.alert.delivery({ id: deliveryId });
      return d.deliveredAt ? d : null;
    }, "the retried delivery");
    expect(done.attempts).toBe(2);
    expect(hook.bodies[0]!.body.alerts[0]!.message).toContain("test alert");
    await hook.close();
  });

  it("a DNS failure and a timeout are retried with their error shown", async () => {
    const slow = await webhookReceiver({ delayMs: 60_000 });
    const row = await db.alertChannel.create({ data: { name: "nxdomain", type: "webhook", config: JSON.stringify({ url: "http://no-such-host.invalid/hook" }) } });
    await db.outbox.create({ data: { channelId: row.id, eventId: "test", status: "test" } });
    const c = await until(() => db.alertChannel.findUnique({ where: { id: row.id } }).then((x) => (x?.lastError ? x : null)), "the DNS error");
    expect(c.lastError).toMatch(/ENOTFOUND|EAI_AGAIN/);
    process.env.SHOAL_ALERT_TIMEOUT_MS = "300";
    try {
      const hang = await db.alertChannel.create({ data: { name: "hangs", type: "webhook", config: JSON.stringify({ url: slow.url }) } });
      await db.outbox.create({ data: { channelId: hang.id, eventId: "test", status: "test" } });
      const h = await until(() => db.alertChannel.findUnique({ where: { id: hang.id } }).then((x) => (x?.lastError ? x : null)), "the timeout");
      expect(h.lastError).toBe("timed out after 300 ms");
      expect((await db.outbox.findFirstOrThrow({ where: { channelId: hang.id } })).deliveredAt).toBeNull();
    } finally {
      delete process.env.SHOAL_ALERT_TIMEOUT_MS;
    }
    slow.server.closeAllConnections();
    await slow.close();
  });

  it("refuses webhook URLs at link-local/metadata addresses and at the console itself, at save and at send time", async () => {
    const admin = await loginAs(db, "admin");
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://[fe80::1]/x",
      "http://100.100.100.200/",
      `http://127.0.0.1:${process.env.SHOAL_PORT ?? 3000}/api/trpc`,
    ]) {
      const err = await refused(admin.caller.alert.createChannel({ name: `bad ${url}`, type: "webhook", config: { url } }));
      expect(err.code, url).toBe("BAD_REQUEST");
      expect(err.message, url).toMatch(/refused: .*(link-local|console itself)/);
    }
    // Stored behind the router's back (or a name re-pointed later): refused when sending, and retried.
    const row = await db.alertChannel.create({ data: { name: "metadata", type: "webhook", config: JSON.stringify({ url: "http://169.254.169.254/latest/meta-data/" }) } });
    await db.outbox.create({ data: { channelId: row.id, eventId: "test", status: "test" } });
    const c = await until(() => db.alertChannel.findUnique({ where: { id: row.id } }).then((x) => (x?.lastError ? x : null)), "the send-time refusal");
    expect(c.lastError).toContain("link-local");
  });

  it("flags a rule that can never match when it is saved", async () => {
    const op = await loginAs(db, "op", "operator");
    const admin = await loginAs(db, "admin");
    const ch = await admin.caller.alert.createChannel({ name: "never", type: "webhook", config: { url: "http://192.0.2.1/x" } });
    const err = await refused(op.caller.alert.createRule({ name: "never", kinds: ["revision.applied"], minSeverity: "critical", channelIds: [ch.id] }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.cause).toBeInstanceOf(ShoalDetails);
    expect((err.cause as ShoalDetails).details.diagnostics?.[0]?.path).toEqual(["minSeverity"]);
    expect(await codeOf(op.caller.alert.createRule({ name: "x", clusterId: "nope", channelIds: [ch.id] }))).toBe("BAD_REQUEST");
  });

  it("keeps channel secrets out of non-admin reads", async () => {
    const viewer = await loginAs(db, "viewer", "viewer");
    const c = (await viewer.caller.alert.channels()).find((x) => x.name === "ops-hook")!;
    expect(c.secrets).toEqual({ token: { set: true } });
    expect(JSON.stringify(await viewer.caller.alert.channels())).not.toContain("s3cret-token");
    expect(await codeOf(viewer.caller.alert.createChannel({ name: "v", type: "webhook", config: { url: "http://192.0.2.1/" } }))).toBe("FORBIDDEN");
    const admin = await loginAs(db, "admin");
    expect((await admin.caller.alert.channels()).find((x) => x.name === "ops-hook")!.secrets).toEqual({ token: "s3cret-token" });
  });

  it("a silence on a real server holds its alert back, and is audited", async () => {
    const hook = await webhookReceiver();
    const admin = await loginAs(db, "admin");
    const ch = await admin.caller.alert.createChannel({ name: "silenced-hook", type: "webhook", config: { url: hook.url } });
    const rule = await admin.caller.alert.createRule({ name: "silenced", kinds: ["realserver.down"], waitSeconds: 0, channelIds: [ch.id] });
    const s = await admin.caller.alert.createSilence({ dest: "10.0.0.9:80", endsAt: new Date(Date.now() + 3600_000).toISOString(), reason: "replacing the NIC" });
    await report([
      { dest: "10.0.0.9:80", up: false },
      { dest: "10.0.0.8:80", up: false },
    ]);
    const evs = (await admin.caller.event.list({ clusterId, kinds: ["realserver.down"], openOnly: true })).items;
    const silenced = evs.find((e) => e.dest === "10.0.0.9:80")!;
    // The other real server's alert goes out; the silenced one is firing without a message sent.
    await until(() => hook.bodies.find((b) => b.body.alerts.some((a) => a.realServer === "10.0.0.8:80")), "the unsilenced alert");
    const n = await until(
      () => db.notification.findUnique({ where: { ruleId_eventId: { ruleId: rule.id, eventId: silenced.id } } }).then((x) => (x?.state === "firing" ? x : null)),
      "the silenced notification",
    );
    expect(n.lastSentAt).toBeNull();
    expect(await db.outbox.count({ where: { eventId: silenced.id } })).toBe(0);
    const audit = await db.auditEntry.findFirst({ where: { action: "alert.createSilence", targetId: s.id } });
    expect(audit?.message).toBe("replacing the NIC");
    // Ending the silence lets the alert out.
    await admin.caller.alert.endSilence({ id: s.id });
    await until(() => hook.bodies.find((b) => b.body.alerts.some((a) => a.realServer === "10.0.0.9:80")), "the alert after the silence");
    await admin.caller.alert.deleteRule({ id: rule.id });
    await report([]);
    await hook.close();
  });

  it("mails through a real SMTP server with STARTTLS and auth, and shows a 550 refusal", async () => {
    const smtp = await smtpReceiver("shoal", "mail-pass");
    const admin = await loginAs(db, "admin");
    const cfg = { host: "127.0.0.1", port: smtp.port, secure: false, starttls: true, user: "shoal", from: "shoal@example.org", to: ["ops@example.org"], allowInvalidCert: true };
    const ch = await admin.caller.alert.createChannel({ name: "mail", type: "email", locale: "en", config: cfg, secrets: { password: "mail-pass" } });
    const { deliveryId } = await admin.caller.alert.testChannel({ id: ch.id });
    await until(async () => (await admin.caller.alert.delivery({ id: deliveryId })).deliveredAt, "the mail");
    expect(smtp.mails[0]!.secure).toBe(true);
    expect(smtp.mails[0]!.user).toBe("shoal");
    expect(smtp.mails[0]!.raw).toContain("Subject: [WARNING] real server down");
    const bad = await admin.caller.alert.createChannel({ name: "mail-550", type: "email", config: { ...cfg, to: ["nobody@example.org"] }, secrets: { password: "mail-pass" } });
    await admin.caller.alert.testChannel({ id: bad.id });
    const c = await until(async () => (await admin.caller.alert.channels()).find((x) => x.id === bad.id && x.lastError), "the 550");
    expect(c.lastError).toContain("550");
    await smtp.close();
  });

  it("posts to a real Alertmanager's API with labels (where Debian's prometheus-alertmanager is installed)", async () => {
    const am = await alertmanager(mkdtempSync(join(tmpdir(), "shoal-am-")));
    if (!am) {
      console.warn("prometheus-alertmanager not installed: skipped (scripts/install.sh installs it)");
      return;
    }
    try {
      const admin = await loginAs(db, "admin");
      const ch = await admin.caller.alert.createChannel({ name: "am", type: "alertmanager", config: { url: am.url } });
      const { deliveryId } = await admin.caller.alert.testChannel({ id: ch.id });
      await until(async () => (await admin.caller.alert.delivery({ id: deliveryId })).deliveredAt, "the Alertmanager post");
      const alerts = (await (await fetch(`${am.url}/api/v2/alerts`)).json()) as { labels: Record<string, string> }[];
      expect(alerts.map((a) => a.labels)).toContainEqual(
        expect.objectContaining({ alertname: "shoal_realserver_down", severity: "warning", real_server: "192.0.2.21:80", source: "shoal" }),
      );
    } finally {
      am.stop();
    }
  });

  it("an agent silent past the threshold is offline; reporting again ends it", async () => {
    await db.director.update({ where: { id: directorId }, data: { lastSeenAt: new Date(Date.now() - 3600_000) } });
    const admin = await loginAs(db, "admin");
    const off = await until(async () => (await admin.caller.event.list({ clusterId, kinds: ["director.offline"], openOnly: true })).items[0], "the offline event");
    expect(off.message).toMatch(/^no report from lvs-a for \d+ s/);
    await report([]);
    await until(async () => (await admin.caller.event.list({ clusterId, kinds: ["director.offline"] })).items.find((e) => e.id === off.id && !e.open), "the offline event to end");
  });
});
