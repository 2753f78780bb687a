import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Cluster, formatDiagnostic } from "../../src/index.ts";
import { lvsCfCannotHold, parseLvsCf, projectForLvsCf, renderLvsCf } from "../../src/lvscf/index.ts";
import { clusterInput } from "../support/arbitraries.ts";
import { haClusterInput } from "../support/arbitraries-ha.ts";

function roundTrip(input: unknown): void {
  const t = Cluster.parse(input);
  const text = renderLvsCf(t);
  const r = parseLvsCf(text);
  if (!r.ok) throw new Error(`${r.errors.map((d) => formatDiagnostic(d)).join("\n")}\n---\n${text}`);
  expect(r.warnings.map((d) => formatDiagnostic(d))).toEqual([]);
  expect(r.value).toEqual(projectForLvsCf(t));
}

describe("lvs.cf round trip: parse(render(t)) == project(t)", () => {
  test("single-method IPv4 topologies, each forwarding method", () => {
    for (const forwarding of ["masq", "route", "tunnel"] as const) {
      fc.assert(
        fc.property(clusterInput({ family: "inet", forwarding }), (c) => roundTrip(c)),
        { numRuns: 60 },
      );
    }
  });

  test("any topology (mixed methods, IPv6, sctp are projected away)", () => {
    fc.assert(
      fc.property(clusterInput(), (c) => roundTrip(c)),
      { numRuns: 100 },
    );
  });

  test("HA topologies (directors, sync daemon, timeouts, sorry servers, overrides)", () => {
    fc.assert(
      fc.property(haClusterInput(), (c) => roundTrip(c)),
      { numRuns: 120 },
    );
  });

  test("a single-method IPv4 topology keeps every real server's method", () => {
    fc.assert(
      fc.property(clusterInput({ family: "inet", forwarding: "masq" }), (c) => {
        const p = projectForLvsCf(Cluster.parse(c));
        for (const vs of p.virtualServices) for (const rs of vs.realServers) expect(rs.forwarding).toBe("masq");
      }),
      { numRuns: 30 },
    );
  });

  test("the projection is idempotent", () => {
    fc.assert(
      fc.property(haClusterInput(), (c) => {
        const p = projectForLvsCf(Cluster.parse(c));
        expect(projectForLvsCf(p)).toEqual(p);
      }),
      { numRuns: 60 },
    );
  });

  test("the cannot-hold list names mixed forwarding and is bilingual", () => {
    expect(lvsCfCannotHold.some((x) => x.field.includes("mixed forwarding"))).toBe(true);
    for (const x of lvsCfCannotHold) expect(x.why.zh).toMatch(/[\u4e00-\u9fff]/);
  });
});
