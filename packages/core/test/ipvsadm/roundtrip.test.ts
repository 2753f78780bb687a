import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Cluster, canonicalState, desiredState, parseIpvsadmSave, renderIpvsadmSave, renderIpvsadmTimeouts, stateToCluster, type IpvsState } from "../../src/index.ts";
import { clusterInput } from "../support/arbitraries.ts";
import { kernelState } from "../plan/state-arbitrary.ts";

function saveText(s: IpvsState): string {
  return renderIpvsadmSave(s) + (s.timeouts ? renderIpvsadmTimeouts(s.timeouts) : "");
}

describe("ipvsadm -S round trip (property)", () => {
  it("parse(render(desiredState(cluster))) equals the desired table", () => {
    fc.assert(
      fc.property(clusterInput(), (input) => {
        const desired = desiredState(Cluster.parse(input));
        const back = parseIpvsadmSave(renderIpvsadmSave(desired));
        expect(back.ok).toBe(true);
        if (back.ok) {
          expect(canonicalState(back.value)).toEqual(desired);
          expect(back.warnings).toEqual([]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("parse(render(state)) equals the state for kernel tables (gue/gre, big marks, INT_MAX weights, timeouts)", () => {
    fc.assert(
      fc.property(kernelState, (state) => {
        const text = saveText(state);
        const back = parseIpvsadmSave(text);
        expect(back.ok).toBe(true);
        if (!back.ok) return;
        expect(canonicalState(back.value)).toEqual(canonicalState(state));
        expect(renderIpvsadmSave(back.value)).toBe(renderIpvsadmSave(state));
      }),
      { numRuns: 150 },
    );
  });

  it("stateToCluster imports a table that desiredState renders back identically", () => {
    fc.assert(
      fc.property(clusterInput(), (input) => {
        const desired = desiredState(Cluster.parse(input));
        const warnings: unknown[] = [];
        const imported = stateToCluster(desired, "imported", warnings as never);
        expect(warnings).toEqual([]);
        expect(desiredState(imported)).toEqual(desired);
      }),
      { numRuns: 100 },
    );
  });

  it("stateToCluster reports what the model cannot hold instead of dropping it", () => {
    const warnings: { code: string }[] = [];
    const c = stateToCluster(
      {
        services: [
          {
            protocol: "tcp",
            family: "inet",
            address: "10.0.0.1",
            port: 80,
            scheduler: "twos-ish",
            schedFlags: [],
            onePacket: false,
            dests: [{ address: "10.0.0.2", port: 80, forwarding: "route", weight: 100000, upperThreshold: 0, lowerThreshold: 0 }],
          },
        ],
        timeouts: { tcp: 900, tcpFin: 120, udp: 300 },
      },
      "from kernel!",
      warnings as never,
    );
    expect(warnings.map((w) => w.code).sort()).toEqual(["import.unknown-scheduler", "import.weight-clamped"]);
    expect(c.name).toBe("from-kernel-");
    expect(c.timeouts).toEqual({ tcp: 900, tcpFin: 120, udp: 300 });
    expect(c.virtualServices[0]!.name).toBe("tcp_10.0.0.1_80");
  });
});
