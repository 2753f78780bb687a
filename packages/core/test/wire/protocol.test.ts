import { describe, expect, it } from "vitest";
import { acceptsConsoleProtocol, AGENT_PROTOCOL, negotiateProtocol, parseWire, RevisionMessage, StatusReport } from "../../src/index.ts";

describe("agent protocol negotiation", () => {
  it("an agent without the header predates negotiation and speaks protocol 1", () => {
    expect(negotiateProtocol(null)).toEqual({ ok: true, protocol: 1 });
    expect(negotiateProtocol("")).toEqual({ ok: true, protocol: 1 });
  });

  it("accepts the range and refuses outside it with the reason, naming the agent", () => {
    expect(negotiateProtocol(String(AGENT_PROTOCOL))).toEqual({ ok: true, protocol: AGENT_PROTOCOL });
    expect(negotiateProtocol("3", "0.1.0", 2, 4)).toEqual({ ok: true, protocol: 3 });
    const old = negotiateProtocol("1", "0.1.0", 2, 4);
    expect(old).toMatchObject({ ok: false, status: 426 });
    expect(!old.ok && old.message.en).toBe("shoal-agent 0.1.0 speaks agent protocol 1; this console speaks 2..4: upgrade shoal-agent on this director");
    // a console that dropped protocol 1 also refuses agents that send no header
    expect(negotiateProtocol(undefined, null, 2, 4)).toMatchObject({ ok: false, status: 426 });
    const newer = negotiateProtocol("5", undefined, 2, 4);
    expect(!newer.ok && newer.message.en).toBe("this agent speaks agent protocol 5; this console speaks 2..4: upgrade the console, or run an agent that speaks 4");
    expect(!newer.ok && newer.message.zh).toContain("请升级控制台");
  });

  it("a header that is not a number is a 400 that quotes it", () => {
    const r = negotiateProtocol("v1");
    expect(r).toMatchObject({ ok: false, status: 400 });
    expect(!r.ok && r.message.en).toContain('"v1"');
  });

  it("the agent reads revisions of its range; one without the field is protocol 1", () => {
    expect(acceptsConsoleProtocol(undefined)).toBeNull();
    expect(acceptsConsoleProtocol(AGENT_PROTOCOL)).toBeNull();
    expect(acceptsConsoleProtocol(AGENT_PROTOCOL + 1)?.en).toMatch(/upgrade shoal-agent$/);
    expect(acceptsConsoleProtocol(1, 2, 3)?.en).toMatch(/upgrade the console$/);
  });
});

describe("wire messages", () => {
  const minimal = { agentVersion: "0.1.0", appliedRevision: null, reportedAt: "2026-12-07T21:00:00.000Z" };

  it("an older agent's short status report gets the defaults; a newer agent's unknown fields are dropped", () => {
    const s = StatusReport.parse({ ...minimal, doctor: { findings: [] }, ha: "MASTER" });
    expect(s).toEqual({ ...minimal, mode: "director", targetRevision: null, errors: [], drift: [], health: [], foreignServices: [], draining: [] });
  });

  it("a bad message names the field in both languages and counts the rest", () => {
    const r = parseWire(StatusReport, { ...minimal, appliedRevision: -1, mode: "router" }, { en: "status report", zh: "状态报告" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.message.en).toMatch(/^invalid status report: (appliedRevision|mode): .+ \(\+1 more\)$/);
    expect(r.problem.message.zh).toMatch(/^状态报告无效：(appliedRevision|mode)：/);
    expect(r.problem.issues.map((i) => i.path).sort()).toEqual(["appliedRevision", "mode"]);
  });

  it("a revision is refused whole when its cluster is invalid", () => {
    const r = RevisionMessage.safeParse({ revision: 2, cluster: { name: "c", virtualServices: [{ address: "10.0.1.300", port: 80 }] } });
    expect(r.success).toBe(false);
    expect(RevisionMessage.parse({ protocol: 1, revision: 2, cluster: { name: "c", virtualServices: [] }, extra: 1 })).not.toHaveProperty("extra");
  });
});
