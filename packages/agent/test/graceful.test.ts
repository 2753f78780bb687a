import { describe, expect, it } from "vitest";
import type { IpvsState, KernelDest, Operation } from "@shoal/core";
import { DrainTracker, type DestConns } from "../src/reconcile/graceful.ts";

const svc = { protocol: "tcp" as const, family: "inet" as const, address: "10.0.1.100", port: 80 };
const dest = (address: string, weight: number): KernelDest => ({ address, port: 80, forwarding: "masq", weight, upperThreshold: 0, lowerThreshold: 0 });
const state = (...dests: KernelDest[]): IpvsState => ({ services: [{ ...svc, scheduler: "rr", schedFlags: [], onePacket: false, dests }] });
const conns = (m: Record<string, number>) => (_sk: string, dk: string): DestConns | undefined =>
  m[dk] === undefined ? undefined : { active: m[dk]!, inactive: 0 };
const del = (d: KernelDest): Operation => ({ kind: "delete-dest", service: svc, dest: d });

describe("graceful deletion", () => {
  it("drains (weight 0) a real server with weight before deleting it", () => {
    const t = new DrainTracker(60_000);
    const r = t.rewrite([del(dest("10.0.2.11", 5))], state(dest("10.0.2.11", 5)), conns({ "10.0.2.11:80": 3 }), 0);
    expect(r.ops).toEqual([{ kind: "drain-dest", service: svc, dest: dest("10.0.2.11", 0), before: dest("10.0.2.11", 5) }]);
  });
  it("holds the deletion while connections are active, then deletes at 0", () => {
    const t = new DrainTracker(60_000);
    t.rewrite([del(dest("10.0.2.11", 5))], state(dest("10.0.2.11", 5)), conns({ "10.0.2.11:80": 3 }), 0);
    const held = t.rewrite([del(dest("10.0.2.11", 0))], state(dest("10.0.2.11", 0)), conns({ "10.0.2.11:80": 2 }), 1_000);
    expect(held.ops).toEqual([]);
    expect(held.held).toEqual([{ service: "tcp 10.0.1.100:80", dest: "10.0.2.11:80", since: 0, activeConns: 2 }]);
    const done = t.rewrite([del(dest("10.0.2.11", 0))], state(dest("10.0.2.11", 0)), conns({ "10.0.2.11:80": 0 }), 2_000);
    expect(done.ops).toEqual([del(dest("10.0.2.11", 0))]);
    expect(t.draining.size).toBe(0);
  });
  it("deletes after the drain timeout even with connections left", () => {
    const t = new DrainTracker(10_000);
    t.rewrite([del(dest("10.0.2.11", 5))], state(dest("10.0.2.11", 5)), conns({ "10.0.2.11:80": 3 }), 0);
    expect(t.rewrite([del(dest("10.0.2.11", 0))], state(dest("10.0.2.11", 0)), conns({ "10.0.2.11:80": 3 }), 9_999).ops).toEqual([]);
    expect(t.rewrite([del(dest("10.0.2.11", 0))], state(dest("10.0.2.11", 0)), conns({ "10.0.2.11:80": 3 }), 10_000).ops).toHaveLength(1);
  });
  it("a dest already at weight 0 with no connections (e.g. after an agent restart) goes at once", () => {
    const t = new DrainTracker(60_000);
    expect(t.rewrite([del(dest("10.0.2.11", 0))], state(dest("10.0.2.11", 0)), conns({}), 5).ops).toEqual([del(dest("10.0.2.11", 0))]);
  });
  it("forgets a drain when the real server is wanted again", () => {
    const t = new DrainTracker(60_000);
    t.rewrite([del(dest("10.0.2.11", 5))], state(dest("10.0.2.11", 5)), conns({ "10.0.2.11:80": 3 }), 0);
    const edit: Operation = { kind: "edit-dest", service: svc, dest: dest("10.0.2.11", 5), before: dest("10.0.2.11", 0) };
    expect(t.rewrite([edit], state(dest("10.0.2.11", 0)), conns({}), 1).ops).toEqual([edit]);
    expect(t.draining.size).toBe(0);
  });
  it("a service that goes away drains its real servers first and is deleted once they are empty", () => {
    const t = new DrainTracker(60_000);
    const delSvc: Operation = { kind: "delete-service", service: { ...svc, scheduler: "rr", schedFlags: [], onePacket: false } };
    const first = t.rewrite([delSvc], state(dest("10.0.2.11", 1), dest("10.0.2.12", 0)), conns({ "10.0.2.11:80": 1 }), 0);
    expect(first.ops.map((o) => o.kind)).toEqual(["drain-dest"]);
    const second = t.rewrite([delSvc], state(dest("10.0.2.11", 0), dest("10.0.2.12", 0)), conns({ "10.0.2.11:80": 1 }), 1);
    expect(second.ops).toEqual([]);
    const third = t.rewrite([delSvc], state(dest("10.0.2.11", 0), dest("10.0.2.12", 0)), conns({}), 2);
    expect(third.ops).toEqual([delSvc]);
  });
  it("passes every other operation through in order", () => {
    const t = new DrainTracker(1);
    const add: Operation = { kind: "add-dest", service: svc, dest: dest("10.0.2.13", 1) };
    expect(t.rewrite([add], state(), conns({}), 0).ops).toEqual([add]);
  });
});
