import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Cluster,
  applyOperations,
  canonicalState,
  desiredState,
  parseIpvsadmSave,
  plan,
  renderIpvsadmSave,
  renderIpvsadmTimeouts,
  renderPlanBatch,
  stateServiceKey,
  stateDestKey,
  type IpvsState,
  type Operation,
} from "../../src/index.ts";
import { clusterInput } from "../support/arbitraries.ts";
import { kernelState } from "./state-arbitrary.ts";

const RUNS = { numRuns: 150 };

function withoutTimeouts(s: IpvsState): IpvsState {
  return { services: s.services };
}

/** The table converged to `desired`, with timeouts merged as --set merges them (0 keeps). */
function expectConverged(got: IpvsState, current: IpvsState, desired: IpvsState): void {
  expect(canonicalState(withoutTimeouts(got))).toEqual(canonicalState(withoutTimeouts(desired)));
  if (desired.timeouts) {
    const c = current.timeouts;
    const d = desired.timeouts;
    expect(got.timeouts).toEqual({ tcp: d.tcp || c?.tcp || 0, tcpFin: d.tcpFin || c?.tcpFin || 0, udp: d.udp || c?.udp || 0 });
  }
}

function keysOf(ops: Operation[], kind: Operation["kind"]): string[] {
  const out: string[] = [];
  for (const o of ops) if (o.kind === kind && o.kind !== "set-timeouts") out.push(stateServiceKey(o.service) + ("dest" in o ? ` ${stateDestKey(o.dest)}` : ""));
  return out;
}

describe("plan properties", () => {
  it("plan(parse(render(desired)), desired) is empty", () => {
    fc.assert(
      fc.property(clusterInput(), (input) => {
        const desired = desiredState(Cluster.parse(input));
        const kernel = parseIpvsadmSave(renderIpvsadmSave(desired));
        expect(kernel.ok).toBe(true);
        if (kernel.ok) expect(plan(kernel.value, desired)).toEqual([]);
      }),
      RUNS,
    );
  });

  it("applying plan(current, desired) to current gives desired, and so does the -R batch", () => {
    fc.assert(
      fc.property(kernelState, kernelState, (current, desired) => {
        const ops = plan(current, desired);
        expectConverged(applyOperations(current, ops), current, desired);
        // the same through text: ipvsadm -S of current, then the batch, read as ipvsadm -R would run it
        const text = renderIpvsadmSave(current) + (current.timeouts ? renderIpvsadmTimeouts(current.timeouts) : "") + renderPlanBatch(ops);
        const viaText = parseIpvsadmSave(text);
        expect(viaText.ok).toBe(true);
        if (viaText.ok) expectConverged(viaText.value, current, desired);
        expect(plan(applyOperations(current, ops), desired)).toEqual([]);
      }),
      RUNS,
    );
  });

  it("never deletes and re-adds the same service or real server", () => {
    fc.assert(
      fc.property(kernelState, kernelState, (current, desired) => {
        const ops = plan(current, desired);
        const deleted = new Set(keysOf(ops, "delete-service"));
        for (const k of keysOf(ops, "add-service")) expect(deleted.has(k)).toBe(false);
        const gone = new Set(keysOf(ops, "delete-dest"));
        for (const k of keysOf(ops, "add-dest")) expect(gone.has(k)).toBe(false);
      }),
      RUNS,
    );
  });

  it("is deterministic whatever the input order", () => {
    fc.assert(
      fc.property(kernelState, kernelState, fc.integer(), (current, desired, seed) => {
        const shuffle = <T>(a: T[]): T[] => {
          const out = [...a];
          let x = seed | 1;
          for (let i = out.length - 1; i > 0; i--) {
            x = (x * 1103515245 + 12345) | 0;
            const j = Math.abs(x) % (i + 1);
            [out[i], out[j]] = [out[j]!, out[i]!];
          }
          return out;
        };
        const shuffled = (s: IpvsState): IpvsState => ({ ...s, services: shuffle(s.services).map((v) => ({ ...v, dests: shuffle(v.dests) })) });
        expect(plan(shuffled(current), shuffled(desired))).toEqual(plan(current, desired));
      }),
      RUNS,
    );
  });

  it("with drain: no real server is deleted until released (empty services go at once); releasing everything converges", () => {
    fc.assert(
      fc.property(kernelState, kernelState, (current, desired) => {
        const first = plan(current, desired, { drain: true });
        const empty = new Set(current.services.filter((s) => s.dests.length === 0).map(stateServiceKey));
        expect(first.some((o) => o.kind === "delete-dest" || (o.kind === "delete-service" && !empty.has(stateServiceKey(o.service))))).toBe(false);
        const drained = applyOperations(current, first);
        expect(plan(drained, desired, { drain: true })).toEqual([]);
        const released = plan(drained, desired, { drain: true, mayDelete: () => true });
        expect(released.every((o) => o.kind === "delete-dest" || o.kind === "delete-service")).toBe(true);
        expectConverged(applyOperations(drained, released), current, desired);
      }),
      RUNS,
    );
  });

  it("services it does not manage stay exactly as they were", () => {
    fc.assert(
      fc.property(kernelState, kernelState, (current, desired) => {
        const wanted = new Set(desired.services.map(stateServiceKey));
        const foreign = current.services.filter((s) => !wanted.has(stateServiceKey(s)));
        const after = applyOperations(current, plan(current, desired, { manages: (k) => wanted.has(k) }));
        const kept = canonicalState({ services: after.services.filter((s) => !wanted.has(stateServiceKey(s))) });
        expect(kept).toEqual(canonicalState({ services: foreign }));
      }),
      RUNS,
    );
  });
});
