import { describe, expect, it } from "vitest";
import * as core from "../../src/index.ts";
import { fuzz, verdict } from "../../../../bench/fuzz-parsers/engine.ts";
import { fuzzIsolated } from "../../../../bench/fuzz-parsers/isolate.ts";
import { buildTargets, PARSER_GROUPS } from "../../../../bench/fuzz-parsers/targets.ts";
import { sampleClusters } from "./clusters.ts";

/**
 * The short version of `pnpm --filter @shoal/bench fuzz-parsers`: ~2,000 inputs. The parsers run
 * in a child process (as in the bench) so a hang or a runaway allocation fails this test instead
 * of freezing the test runner; most of the time goes to starting that process.
 */
const CLUSTERS = 12;
const SEED = 7;
const { targets, missing } = buildTargets(core, sampleClusters(CLUSTERS, SEED));

describe("every parser survives arbitrary and mutated input", () => {
  it("finds every parser group @shoal/core promises", () => {
    expect(missing).toEqual([]);
    for (const g of PARSER_GROUPS) expect(targets.some((t) => t.group === g)).toBe(true);
  });

  it("starts from valid seeds: each parser accepts what the renderers produce", () => {
    for (const t of targets.filter((t) => t.group !== "ipvsadmParsers")) {
      const r = t.parse(t.seeds[0]!) as { ok: boolean; errors?: unknown };
      expect(r.ok, `${t.name} rejected a rendered seed: ${JSON.stringify(r.errors)}`).toBe(true);
    }
  });

  it("never throws, hangs or runs away, and every failure has a line number", { timeout: 180_000 }, async () => {
    const run = await fuzzIsolated(targets, { perParser: Math.ceil(2000 / targets.length), seed: SEED, clusters: CLUSTERS, memoryMb: 256, hangSeconds: 10 });
    expect(run.total).toBeGreaterThanOrEqual(2000);
    const report = run.crashes.slice(0, 3).map((c) => `${c.parser} #${c.index}: ${c.reason}\n${JSON.stringify(c.input.slice(0, 300))}`);
    expect(report).toEqual([]);
  });

  it("counts a thrown parser and a line-less error as crashes (the oracle can fail)", () => {
    expect(verdict({ ok: false, errors: [{ code: "x" }], warnings: [] })).toMatch(/no line number/);
    expect(verdict({ ok: false, errors: [], warnings: [] })).toMatch(/without any error/);
    expect(verdict(undefined)).toMatch(/ParseResult/);
    expect(verdict({ ok: true, value: 1, warnings: [] })).toBeUndefined();
    const thrower = {
      group: "t",
      name: "thrower",
      parse: () => {
        throw new Error("boom");
      },
      seeds: ["x"],
    };
    expect(fuzz([thrower], 5).crashes).toHaveLength(5);
  });
});
