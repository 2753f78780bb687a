import { describe, expect, it } from "vitest";
import type { KernelDest, Operation } from "@shoal/core";
import { driftFindings } from "../src/reconcile/drift.ts";
import { describeOperation } from "../src/reconcile/describe.ts";

const svc = { protocol: "tcp" as const, family: "inet" as const, address: "10.0.1.100", port: 80 };
const spec = { ...svc, scheduler: "rr", schedFlags: [], onePacket: false };
const d = (address: string, weight = 1): KernelDest => ({ address, port: 80, forwarding: "masq", weight, upperThreshold: 0, lowerThreshold: 0 });

describe("drift findings", () => {
  it("says what was wrong, in an operator's words", () => {
    const ops: Operation[] = [
      { kind: "add-service", service: spec },
      { kind: "add-dest", service: svc, dest: d("10.0.2.11") },
      { kind: "edit-dest", service: svc, dest: d("10.0.2.12", 3), before: d("10.0.2.12", 1) },
    ];
    expect(driftFindings(ops, ["add VIP 10.0.1.100/32 on eth0:1", "set net.ipv4.ip_forward=1 (was 0)"], [])).toEqual([
      "virtual service tcp 10.0.1.100:80 missing",
      "real server 10.0.2.11:80 missing from tcp 10.0.1.100:80",
      "real server 10.0.2.12:80 of tcp 10.0.1.100:80 changed (weight 1, wanted 3; masq, wanted masq)",
      "VIP 10.0.1.100/32 missing on eth0:1",
      "net.ipv4.ip_forward is 0, wanted 1",
    ]);
  });
  it("the end of the agent's own drain is not drift", () => {
    const ops: Operation[] = [{ kind: "delete-dest", service: svc, dest: d("10.0.2.11", 0) }];
    expect(driftFindings(ops, [], [{ service: "tcp 10.0.1.100:80", dest: "10.0.2.11:80", since: 0, activeConns: 1 }])).toEqual([]);
    expect(driftFindings(ops, [], [])).toEqual(["real server 10.0.2.11:80 of tcp 10.0.1.100:80 not wanted"]);
  });
  it("describes operations for logs and `plan`", () => {
    expect(describeOperation({ kind: "drain-dest", service: svc, dest: d("10.0.2.11", 0), before: d("10.0.2.11", 5) })).toBe(
      "drain real server 10.0.2.11:80 of tcp 10.0.1.100:80 (weight 5 -> 0)",
    );
  });
});
