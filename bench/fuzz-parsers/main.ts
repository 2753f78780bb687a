/**
 * Drives arbitrary strings and mutated valid inputs through every parser @shoal/core exports
 * (its ipvsadm, keepalived, lvs.cf and backup parser groups). A crash is a parser that threw,
 * returned a failure whose error has no line number, hung, or ran out of memory (each parser
 * runs in its own process so one bad input cannot take the run down). Prints per-parser counts,
 * crashes and the rate; exits 1 on any crash.
 *   Usage: fuzz-parsers [--inputs 100000] [--seed 1]
 */
import * as core from "@shoal/core";
import { sampleClusters } from "../../packages/core/test/fuzz/clusters.ts";
import { fuzzIsolated } from "./isolate.ts";
import { buildTargets } from "./targets.ts";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

const total = arg("inputs", 100_000);
const seed = arg("seed", 1);
const CLUSTERS = 40;
const { targets, missing } = buildTargets(core, sampleClusters(CLUSTERS, seed));
for (const g of missing) console.log(`! ${g} is not exported by @shoal/core (yet): its parsers are not fuzzed`);
if (targets.length === 0) {
  console.log("no parsers to fuzz");
  process.exit(1);
}
const perParser = Math.ceil(total / targets.length);
console.log(`fuzzing ${targets.length} parsers x ${perParser.toLocaleString("en")} inputs (seed ${seed}; seeds rendered from ${CLUSTERS} generated clusters)`);

const pad = Math.max(...targets.map((t) => t.name.length));
const fmt = (n: number, w: number) => Math.round(n).toLocaleString("en").padStart(w);
const run = await fuzzIsolated(targets, {
  perParser,
  seed,
  clusters: CLUSTERS,
  onParser: (r) =>
    console.log(`  ${r.parser.padEnd(pad)} ${fmt(r.inputs, 9)} inputs ${fmt(r.crashes, 5)} crashes ${r.ms > 0 ? fmt(r.inputs / (r.ms / 1000), 9) : "        -"} inputs/s`),
});

for (const s of run.skipped) console.log(`! ${s.parser}: ${s.inputs.toLocaleString("en")} inputs skipped after repeated hangs/out-of-memory deaths`);
const parseMs = run.runs.reduce((s, r) => s + r.ms, 0);
console.log(
  `total ${run.total.toLocaleString("en")} inputs, ${run.crashes.length} crashes, ${fmt(run.total / (parseMs / 1000), 0)} inputs/s parsing (${fmt(run.total / (run.ms / 1000), 0)} inputs/s wall, with process start-up)`,
);
for (const c of run.crashes.slice(0, 10))
  console.log(`\ncrash in ${c.parser} (--seed ${seed}, input #${c.index}): ${c.reason}\n  input: ${JSON.stringify(c.input.length > 400 ? `${c.input.slice(0, 400)}…` : c.input)}`);
process.exit(run.crashes.length ? 1 : 0);
