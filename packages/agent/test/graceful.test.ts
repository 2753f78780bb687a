import { describe, expect, it } from "vitest";
import { plan, type IpvsState, type KernelDest, type KernelService } from "@shoal/core";
import { DrainTracker, type DestConns } from "../src/reconcile/graceful.ts";

const svc = { protocol: "tcp" as const, family: "inet" as const, address: "10.0.1.100", port: 80, scheduler: "rr", schedFlags: [], onePacket: false };
const dest = (address: string, weight: number): KernelDest => ({ address, port: 80, forwarding: "masq", weight, upperThreshold: 0, lowerThreshold: 0 });
const service = (...dests: KernelDest[]): KernelService => ({ ...svc, dests });
const state = (...dests: KernelDest[]): IpvsState => ({ services: [service(...dests)] });
const conns =
  (m: Record<string, number>) =>
  (_sk: string, dk: string): DestConns | undefined =>
    m[dk] === undefined ? undefined : { active: m[dk], inactive: 0 };

/** One agent cycle: the real planner with the tracker answering mayDelete. */
function cycle(t: DrainTracker, current: IpvsState, desired: IpvsState, c: Record<string, number>, now: number) {
  const round = t.round(current, conns(c), now);
  const ops = plan(current, desired, { drain: true, mayDelete: round.mayDelete });
  return { ops, held: round.finish() };
}

describe("graceful deletion with the planner", () => {
  const keep = dest("10.0.2.12", 1);
  it("drains (weight 0) a removed real server before deleting it", () => {
    const t = new DrainTracker(60_000);
    const r = cycle(t, state(dest("10.0.2.11", 5), keep), state(keep), { "10.0.2.11:80": 3 }, 0);
    expect(r.ops).toEqual([{ kind: "drain-dest", service: expect.objectContaining({ address: "10.0.1.100" }), dest: dest("10.0.2.11", 0), before: dest("10.0.2.11", 5) }]);
    expect(r.held).toEqual([{ service: "tcp 10.0.1.100:80", dest: "10.0.2.11:80", since: 0, activeConns: 3 }]);
  });
  it("holds the deletion while connections are active, deletes at 0", () => {
    const t = new DrainTracker(60_000);
    cycle(t, state(dest("10.0.2.11", 5), keep), state(keep), { "10.0.2.11:80": 3 }, 0);
    const held = cycle(t, state(dest("10.0.2.11", 0), keep), state(keep), { "10.0.2.11:80": 2 }, 1_000);
    expect(held.ops).toEqual([]);
    expect(held.held[0]).toMatchObject({ since: 0, activeConns: 2 });
    const done = cycle(t, state(dest("10.0.2.11", 0), keep), state(keep), { "10.0.2.11:80": 0 }, 2_000);
    expect(done.ops.map((o) => o.kind)).toEqual(["delete-dest"]);
    expect(t.draining.size).toBe(0);
  });
  it("deletes after the drain timeout even with connections left", () => {
    const t = new DrainTracker(10_000);
    cycle(t, state(dest("10.0.2.11", 5), keep), state(keep), { "10.0.2.11:80": 3 }, 0);
    expect(cycle(t, state(dest("10.0.2.11", 0), keep), state(keep), { "10.0.2.11:80": 3 }, 9_999).ops).toEqual([]);
    expect(cycle(t, state(dest("10.0.2.11", 0), keep), state(keep), { "10.0.2.11:80": 3 }, 10_000).ops.map((o) => o.kind)).toEqual(["delete-dest"]);
  });
  it("an idle dest already at weight 0 (e.g. after an agent restart) goes at once", () => {
    const t = new DrainTracker(60_000);
    expect(cycle(t, state(dest("10.0.2.11", 0), keep), state(keep), {}, 5).ops.map((o) => o.kind)).toEqual(["delete-dest"]);
  });
  it("forgets the drain when the real server is wanted again", () => {
    const t = new DrainTracker(60_000);
    cycle(t, state(dest("10.0.2.11", 5), keep), state(keep), { "10.0.2.11:80": 3 }, 0);
    const back = cycle(t, state(dest("10.0.2.11", 0), keep), state(dest("10.0.2.11", 5), keep), {}, 1);
    expect(back.ops.map((o) => o.kind)).toEqual(["edit-dest"]);
    expect(t.draining.size).toBe(0);
  });
  it("a removed service drains its real servers, then goes once they are empty", () => {
    const t = new DrainTracker(60_000);
    const empty: IpvsState = { services: [] };
    expect(cycle(t, state(dest("10.0.2.11", 1), dest("10.0.2.12", 0)), empty, { "10.0.2.11:80": 1 }, 0).ops.map((o) => o.kind)).toEqual(["drain-dest", "delete-dest"]); // the idle one goes at once
    expect(cycle(t, state(dest("10.0.2.11", 0)), empty, { "10.0.2.11:80": 1 }, 1).ops).toEqual([]);
    expect(cycle(t, state(dest("10.0.2.11", 0)), empty, {}, 2).ops.map((o) => o.kind)).toEqual(["delete-service"]);
  });
});
