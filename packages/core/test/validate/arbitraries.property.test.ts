import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Cluster, validateCluster } from "../../src/index.ts";
import { clusterInput } from "../support/arbitraries.ts";

describe("validateCluster on generated topologies", () => {
  it("finds no errors in what the shared arbitraries call valid", () => {
    fc.assert(
      fc.property(clusterInput(), (input) => {
        const errors = validateCluster(Cluster.parse(input)).filter((d) => d.severity === "error");
        expect(errors).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
