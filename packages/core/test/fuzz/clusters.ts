/**
 * Valid clusters to render fuzz seeds from, shared by the vitest fuzz test and the fuzz bench
 * (which cannot import fast-check itself: it lives in this package).
 */
import fc from "fast-check";
import { Cluster } from "../../src/index.ts";
import { clusterInput } from "../support/arbitraries.ts";
import { haClusterInput } from "../support/arbitraries-ha.ts";

export function sampleClusters(count: number, seed: number): Cluster[] {
  const half = Math.ceil(count / 2);
  const plain = fc.sample(clusterInput(), { numRuns: half, seed });
  const ha = fc.sample(haClusterInput(), { numRuns: count - half, seed: seed + 1 });
  return [...plain, ...ha].map((c) => Cluster.parse(c));
}
