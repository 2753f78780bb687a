import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Cluster, desiredState } from "../src/index.ts";
import { clusterInput } from "./support/arbitraries.ts";

describe("arbitraries", () => {
  it("generate clusters the zod model accepts", () => {
    fc.assert(
      fc.property(clusterInput(), (input) => {
        const c = Cluster.parse(input);
        expect(desiredState(c).services.length).toBeLessThanOrEqual(c.virtualServices.length);
      }),
      { numRuns: 200 },
    );
  });
});
