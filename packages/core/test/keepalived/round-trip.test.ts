import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Cluster, formatDiagnostic } from "../../src/index.ts";
import { keepalivedCannotHold, parseKeepalivedConf, projectForKeepalived, renderKeepalivedConf } from "../../src/keepalived/index.ts";
import { clusterInput } from "../support/arbitraries.ts";
import { haClusterInput } from "../support/arbitraries-ha.ts";

function roundTrip(input: unknown, director?: string): void {
  const t = Cluster.parse(input);
  const opts = director ? { director } : {};
  const text = renderKeepalivedConf(t, opts);
  const r = parseKeepalivedConf(text);
  if (!r.ok) throw new Error(`${r.errors.map((d) => formatDiagnostic(d)).join("\n")}\n---\n${text}`);
  // Shoal's own output must read back without a single complaint.
  expect(r.warnings.map((d) => formatDiagnostic(d))).toEqual([]);
  expect(r.value).toEqual(projectForKeepalived(t, opts));
}

describe("keepalived.conf round trip: parse(render(t)) == project(t)", () => {
  test("topologies from the shared generator", () => {
    fc.assert(
      fc.property(clusterInput(), (c) => roundTrip(c)),
      { numRuns: 150 },
    );
  });

  test("HA topologies (vrrp, sync daemon, tunnels, overrides), for each director", () => {
    fc.assert(
      fc.property(haClusterInput(), fc.constantFrom(undefined, "lb1", "lb2"), (c, d) => {
        const director = d && c.directors?.some((x) => x.name === d) ? d : undefined;
        roundTrip(c, director);
      }),
      { numRuns: 150 },
    );
  });

  test("the projection is idempotent and keeps what keepalived can hold", () => {
    fc.assert(
      fc.property(haClusterInput(), (c) => {
        const p = projectForKeepalived(Cluster.parse(c));
        expect(projectForKeepalived(p)).toEqual(p);
      }),
      { numRuns: 80 },
    );
  });

  test("the cannot-hold list is bilingual and non-empty", () => {
    expect(keepalivedCannotHold.length).toBeGreaterThan(5);
    for (const x of keepalivedCannotHold) {
      expect(x.why.en.length).toBeGreaterThan(0);
      expect(x.why.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

test("both directors' files differ only in the header and the vrrp_instance (the backup is warm)", () => {
  const strip = (t: string) =>
    t
      .replace(/^# .*\n/gm, "")
      .replace(/^\s*router_id .*\n/m, "")
      .replace(/vrrp_instance [^\n]*\{[\s\S]*?\n\}\n/, "");
  fc.assert(
    fc.property(haClusterInput(), (c) => {
      const t = Cluster.parse({
        ...c,
        directors: [
          { name: "p", managementAddress: "10.0.0.1", role: "primary" },
          { name: "b", managementAddress: "10.0.0.2", role: "backup" },
        ],
      });
      expect(strip(renderKeepalivedConf(t, { director: "b" }))).toBe(strip(renderKeepalivedConf(t, { director: "p" })));
    }),
    { numRuns: 60 },
  );
});
