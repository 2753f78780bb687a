import { describe, expect, it } from "vitest";
import { Cluster, desiredState, type HealthCheck } from "@shoal/core";
import { checkedServers, HealthMonitor, type ServerHealth } from "../src/health/monitor.ts";
import { applyQuorumHysteresis } from "../src/health/sorry.ts";
import type { CheckResult, CheckTarget } from "../src/health/checkers/index.ts";

const cluster = (over: Record<string, unknown> = {}) =>
  Cluster.parse({
    name: "c",
    virtualServices: [
      {
        address: "10.0.1.100",
        port: 80,
        scheduler: "rr",
        healthCheck: { type: "tcp", interval: 1, rise: 1, fall: 1 },
        realServers: [
          { address: "10.0.2.11", port: 80, forwarding: "masq" },
          { address: "10.0.2.12", port: 80, forwarding: "masq", healthCheck: { type: "none" } },
          { address: "10.0.2.13", port: 80, forwarding: "masq", enabled: false },
        ],
        ...over,
      },
    ],
  });

describe("checkedServers", () => {
  it("lists enabled real servers with a check, in desiredState's down-set spelling", () => {
    const s = checkedServers(cluster());
    expect(s.map((x) => x.id)).toEqual(["tcp 10.0.1.100:80 10.0.2.11:80"]);
  });
  it("uses the check's own port when set", () => {
    const s = checkedServers(cluster({ healthCheck: { type: "tcp", port: 8080 } }));
    expect(s[0]!.target).toEqual({ address: "10.0.2.11", port: 8080 });
  });
});

describe("HealthMonitor", () => {
  it("reports a transition and feeds the down set", async () => {
    const results: boolean[] = [false];
    const changes: ServerHealth[] = [];
    let resolveChange!: () => void;
    const changed = new Promise<void>((r) => (resolveChange = r));
    const check = async (_s: HealthCheck, _t: CheckTarget): Promise<CheckResult> => ({ ok: results.shift() ?? false, message: "fake result" });
    const m = new HealthMonitor((h) => {
      changes.push(h);
      resolveChange();
    }, check);
    m.update(cluster());
    await changed;
    m.stop();
    expect(changes.map((c) => [c.dest, c.up])).toEqual([["10.0.2.11:80", false]]);
    expect([...m.down()]).toEqual([]); // stop() forgets everything
  });
});

describe("quorum hysteresis on the sorry server", () => {
  const c = Cluster.parse({
    name: "c",
    virtualServices: [
      {
        address: "10.0.1.100",
        port: 80,
        scheduler: "rr",
        sorryServer: { address: "10.0.2.99", port: 80 },
        quorum: 2,
        hysteresis: 1,
        healthCheck: { type: "tcp" },
        realServers: [1, 2, 3].map((i) => ({ address: `10.0.2.1${i}`, port: 80, forwarding: "masq" })),
      },
    ],
  });
  const downs = (...ids: number[]) => new Set(ids.map((i) => `tcp 10.0.1.100:80 10.0.2.1${i}:80`));
  const hasSorry = (down: Set<string>, mem: Map<string, boolean>) =>
    applyQuorumHysteresis(c, desiredState(c, { down }), mem).services[0]!.dests.some((d) => d.address === "10.0.2.99");

  it("holds quorum down to quorum - hysteresis and needs quorum + hysteresis to recover", () => {
    const mem = new Map<string, boolean>();
    expect(hasSorry(downs(), mem)).toBe(false); // live 3
    expect(hasSorry(downs(1, 2), mem)).toBe(false); // live 1 >= 2-1: still in quorum, though desiredState alone would add sorry
    expect(hasSorry(downs(1, 2, 3), mem)).toBe(true); // live 0
    expect(hasSorry(downs(1), mem)).toBe(true); // live 2 < 2+1: still out
    expect(hasSorry(downs(), mem)).toBe(false); // live 3
  });
});
