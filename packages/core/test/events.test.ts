import { describe, expect, it } from "vitest";
import {
  deriveFromReport,
  deriveVrrpCluster,
  renderAlert,
  ruleMatches,
  ruleNeverMatches,
  silencedUntil,
  stepNotification,
  AlertRuleInput,
  type DeriveContext,
  type ReportFacts,
} from "../src/index.ts";

const now = new Date("2026-12-07T12:00:00Z");
const ctx = (over: Partial<DeriveContext> = {}): DeriveContext => ({
  director: { id: "d1", name: "lvs-a" },
  open: new Set(),
  previousAppliedRevision: 3,
  lastDriftAt: null,
  lastErrorAt: null,
  lastTransitionAt: null,
  services: new Map(),
  now,
  ...over,
});
const report = (over: Partial<ReportFacts> = {}): ReportFacts => ({ appliedRevision: 3, targetRevision: 3, errors: [], drift: [], health: [], ...over });
const h = (dest: string, up: boolean, msg = up ? "HTTP 200" : "connection refused") => ({ service: "tcp 10.0.1.100:80", dest, up, check: "http", lastMessage: msg });

describe("events derived from a status report", () => {
  it("opens a real server down with the check's message and closes it when up", () => {
    const a = deriveFromReport(report({ health: [h("10.0.0.1:80", false), h("10.0.0.2:80", true)] }), ctx());
    expect(a.open.map((e) => [e.kind, e.dest, e.message])).toEqual([["realserver.down", "10.0.0.1:80", "10.0.0.1:80 down: connection refused"]]);
    const key = a.open[0]!.key;
    expect(deriveFromReport(report({ health: [h("10.0.0.1:80", false), h("10.0.0.2:80", true)] }), ctx({ open: new Set([key]) }))).toEqual({ open: [], close: [] });
    const b = deriveFromReport(report({ health: [h("10.0.0.1:80", true), h("10.0.0.2:80", true)] }), ctx({ open: new Set([key]) }));
    expect(b.close).toEqual([{ key, message: "10.0.0.1:80 up: HTTP 200" }]);
  });

  it("says a service is dark when all its real servers are down, and when the sorry server takes over", () => {
    const services = new Map([["tcp 10.0.1.100:80", { weights: new Map(), hasSorryServer: true }]]);
    const a = deriveFromReport(report({ health: [h("10.0.0.1:80", false), h("10.0.0.2:80", false)] }), ctx({ services }));
    const dark = a.open.find((e) => e.kind === "service.dark")!;
    expect(dark.message).toContain("sorry server in use");
    expect(dark.severity).toBe("critical");
  });

  it("loses quorum below quorum - hysteresis and regains it only at quorum + hysteresis", () => {
    const services = new Map([
      [
        "tcp 10.0.1.100:80",
        {
          quorum: 3,
          hysteresis: 1,
          weights: new Map([
            ["10.0.0.1:80", 2],
            ["10.0.0.2:80", 1],
            ["10.0.0.3:80", 1],
          ]),
          hasSorryServer: false,
        },
      ],
    ]);
    const key = "quorum.lost|d1|tcp 10.0.1.100:80";
    // live 2 (10.0.0.1 only) >= 3-1: still in
    expect(deriveFromReport(report({ health: [h("10.0.0.1:80", true), h("10.0.0.2:80", false), h("10.0.0.3:80", false)] }), ctx({ services })).open.map((e) => e.kind)).toEqual([
      "realserver.down",
      "realserver.down",
    ]);
    // live 1 < 2: lost
    expect(deriveFromReport(report({ health: [h("10.0.0.1:80", false), h("10.0.0.2:80", true), h("10.0.0.3:80", false)] }), ctx({ services })).open.map((e) => e.key)).toContain(
      key,
    );
    // out of quorum, live 3 < 3+1: still out
    const still = deriveFromReport(report({ health: [h("10.0.0.1:80", true), h("10.0.0.2:80", true), h("10.0.0.3:80", false)] }), ctx({ services, open: new Set([key]) }));
    expect(still.close.map((c) => c.key)).not.toContain(key);
    const back = deriveFromReport(report({ health: [h("10.0.0.1:80", true), h("10.0.0.2:80", true), h("10.0.0.3:80", true)] }), ctx({ services, open: new Set([key]) }));
    expect(back.close.map((c) => c.key)).toContain(key);
  });

  it("records drift once per entry: found opens, corrected closes with what was found", () => {
    const found = { at: "2026-12-07T11:59:00.000Z", found: ["virtual service tcp 10.0.1.100:80 missing"], corrected: false };
    const a = deriveFromReport(report({ drift: [found] }), ctx());
    expect(a.open.map((e) => [e.kind, e.message])).toEqual([["drift.found", "found: virtual service tcp 10.0.1.100:80 missing"]]);
    expect(deriveFromReport(report({ drift: [found] }), ctx({ lastDriftAt: found.at, open: new Set(["drift.found|d1"]) })).open).toEqual([]);
    const fixed = { ...found, at: "2026-12-07T11:59:05.000Z", corrected: true };
    const b = deriveFromReport(report({ drift: [found, fixed] }), ctx({ lastDriftAt: found.at, open: new Set(["drift.found|d1"]) }));
    expect(b.open.map((e) => e.kind)).toEqual(["drift.corrected"]);
    expect(b.close.map((c) => c.key)).toEqual(["drift.found|d1"]);
  });

  it("revision applied, rolled back and failed with the kernel's message", () => {
    expect(deriveFromReport(report({ appliedRevision: 4 }), ctx()).open.map((e) => e.kind)).toEqual(["revision.applied"]);
    expect(deriveFromReport(report({ appliedRevision: 2 }), ctx()).open.map((e) => e.kind)).toEqual(["revision.rolled_back"]);
    const failed = deriveFromReport(
      report({ targetRevision: 4, errors: [{ operation: "ipvsadm -a -t 10.0.1.100:80 -r 10.0.0.9:80", message: "Memory allocation problem", at: "2026-12-07T11:59:59Z" }] }),
      ctx(),
    );
    expect(failed.open[0]!.kind).toBe("revision.failed");
    expect(failed.open[0]!.message).toContain("Memory allocation problem");
    expect(deriveFromReport(report({ appliedRevision: 4, targetRevision: 4 }), ctx({ open: new Set(["revision.failed|d1"]) })).close.map((c) => c.key)).toEqual([
      "revision.failed|d1",
    ]);
  });

  it("a VRRP BACKUP -> MASTER is a failover; the same transition reported twice counts once", () => {
    const vrrp = {
      instances: [{ instance: "VI_1", state: "MASTER" as const }],
      transitions: [{ instance: "VI_1", from: "BACKUP" as const, to: "MASTER" as const, at: "2026-12-07T11:59:58.000Z" }],
    };
    const a = deriveFromReport(report({ vrrp }), ctx());
    expect(a.open.map((e) => [e.kind, e.severity])).toEqual([["director.failover", "critical"]]);
    expect(deriveFromReport(report({ vrrp }), ctx({ lastTransitionAt: "2026-12-07T11:59:58.000Z" })).open).toEqual([]);
  });

  it("split brain and no master across the cluster's directors", () => {
    const m = (state: "MASTER" | "BACKUP") => ({ instances: [{ instance: "VI_1", state }], transitions: [] });
    const sb = deriveVrrpCluster(
      [
        { id: "a", name: "a", vrrp: m("MASTER") },
        { id: "b", name: "b", vrrp: m("MASTER") },
      ],
      new Set(),
      now,
    );
    expect(sb.open.map((e) => e.kind)).toEqual(["vrrp.split_brain"]);
    const ok = deriveVrrpCluster(
      [
        { id: "a", name: "a", vrrp: m("MASTER") },
        { id: "b", name: "b", vrrp: m("BACKUP") },
      ],
      new Set(["vrrp.split_brain|VI_1"]),
      now,
    );
    expect(ok.close.map((c) => c.key)).toEqual(["vrrp.split_brain|VI_1"]);
    const none = deriveVrrpCluster(
      [
        { id: "a", name: "a", vrrp: m("BACKUP") },
        { id: "b", name: "b", vrrp: m("BACKUP") },
      ],
      new Set(),
      now,
    );
    expect(none.open.map((e) => e.kind)).toEqual(["vrrp.no_master"]);
  });
});

describe("alert rules", () => {
  const rule = { id: "r1", ...AlertRuleInput.parse({ name: "rs", channelIds: ["c"], kinds: ["realserver.down"], service: "tcp 10.0.1.100:80" }) };
  const ev = { kind: "realserver.down" as const, severity: "warning" as const, clusterId: "c1", service: "tcp 10.0.1.100:80", dest: "10.0.0.1:80" };

  it("matches by kind, severity, cluster and service", () => {
    expect(ruleMatches(rule, ev)).toBe(true);
    expect(ruleMatches(rule, { ...ev, service: "tcp 10.0.1.101:80" })).toBe(false);
    expect(ruleMatches({ ...rule, minSeverity: "critical" }, ev)).toBe(false);
    expect(ruleMatches({ ...rule, clusterId: "c2" }, ev)).toBe(false);
    expect(ruleMatches({ ...rule, kinds: ["service.dark"] }, ev)).toBe(false);
    expect(ruleMatches({ ...rule, enabled: false }, ev)).toBe(false);
  });

  it("flags a rule that can never match, at the field to change", () => {
    expect(ruleNeverMatches(rule)).toEqual([]);
    const sev = ruleNeverMatches({ kinds: ["revision.applied"], minSeverity: "critical", service: null });
    expect(sev.map((d) => [d.code, d.path])).toEqual([["alert.rule.severity-unreachable", ["minSeverity"]]]);
    expect(sev[0]!.message.zh).toContain("所选事件类型");
    expect(ruleNeverMatches({ kinds: ["director.offline"], minSeverity: "warning", service: "tcp 10.0.1.100:80" }).map((d) => d.code)).toEqual(["alert.rule.service-unreachable"]);
  });

  const t0 = new Date("2026-12-07T12:00:00Z");
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  const r = { waitSeconds: 30, repeatSeconds: 600, sendResolved: true };

  it("waits before firing; a flap shorter than the wait pages nobody", () => {
    const open = { kind: "realserver.down" as const, startedAt: t0, endedAt: null };
    expect(stepNotification({ state: "pending", lastSentAt: null }, open, r, null, at(10))).toEqual({ state: "pending", send: null, nextAt: at(30) });
    expect(stepNotification({ state: "pending", lastSentAt: null }, { ...open, endedAt: at(20) }, r, null, at(20)).state).toBe("dropped");
    expect(stepNotification({ state: "pending", lastSentAt: null }, open, r, null, at(30))).toEqual({ state: "firing", send: "firing", nextAt: at(630) });
  });

  it("repeats while open and sends the resolution", () => {
    const open = { kind: "realserver.down" as const, startedAt: t0, endedAt: null };
    expect(stepNotification({ state: "firing", lastSentAt: at(30) }, open, r, null, at(100))).toEqual({ state: "firing", send: null, nextAt: at(630) });
    expect(stepNotification({ state: "firing", lastSentAt: at(30) }, open, r, null, at(630)).send).toBe("firing");
    expect(stepNotification({ state: "firing", lastSentAt: at(30) }, { ...open, endedAt: at(700) }, r, null, at(700))).toEqual({
      state: "resolved",
      send: "resolved",
      nextAt: null,
    });
    expect(stepNotification({ state: "firing", lastSentAt: at(30) }, { ...open, endedAt: at(700) }, { ...r, sendResolved: false }, null, at(700)).send).toBe(null);
  });

  it("holds back while silenced and fires when the silence ends", () => {
    const open = { kind: "realserver.down" as const, startedAt: t0, endedAt: null };
    const s = [{ id: "s", ruleId: null, clusterId: null, service: null, dest: "10.0.0.1:80", reason: "maintenance", startsAt: t0, endsAt: at(300) }];
    const until = silencedUntil(s, "r1", ev, at(30));
    expect(until).toEqual(at(300));
    expect(silencedUntil(s, "r1", { ...ev, dest: "10.0.0.2:80" }, at(30))).toBe(null);
    const held = stepNotification({ state: "pending", lastSentAt: null }, open, r, until, at(30));
    expect(held).toEqual({ state: "firing", send: null, nextAt: at(300) });
    expect(stepNotification({ state: "firing", lastSentAt: null }, open, r, silencedUntil(s, "r1", ev, at(300)), at(300)).send).toBe("firing");
    // resolved while silenced and never sent: nothing to resolve
    expect(stepNotification({ state: "firing", lastSentAt: null }, { ...open, endedAt: at(100) }, r, until, at(100)).send).toBe(null);
  });

  it("renders in the recipient's language with a link back", () => {
    const e = {
      id: "e1",
      kind: "realserver.down" as const,
      severity: "warning" as const,
      cluster: "prod",
      service: "tcp 10.0.1.100:80",
      dest: "10.0.0.1:80",
      message: "10.0.0.1:80 down: connection refused",
      startedAt: t0.toISOString(),
    };
    const zh = renderAlert(e, "firing", "zh-CN", "https://shoal/c/1/events");
    expect(zh.title).toBe("[警告] 真实服务器故障：集群 prod，服务 tcp 10.0.1.100:80，真实服务器 10.0.0.1:80");
    expect(zh.text).toContain("在控制台查看：https://shoal/c/1/events");
    expect(renderAlert(e, "resolved", "en", "x").title.startsWith("[RESOLVED] real server down")).toBe(true);
  });
});
