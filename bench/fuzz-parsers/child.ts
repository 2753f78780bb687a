/**
 * Runs parsers over ranges of fuzz inputs in a separate process, so a parser that loops forever
 * or eats all memory is caught by the parent (isolate.ts) instead of taking the run down.
 * Before each parse "parser index" goes to the progress file with a synchronous write: after a
 * hang or an out-of-memory death it names the input that did it. Each finished parser is
 * reported on its own stdout line (synchronous on Linux pipes), so nothing done is lost.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import * as core from "@shoal/core";
import { sampleClusters } from "../../packages/core/test/fuzz/clusters.ts";
import { inputFor, verdict, type Crash } from "./engine.ts";
import { tokensOf } from "./mutate.ts";
import { buildTargets } from "./targets.ts";

export interface Work {
  parser: string;
  from: number;
  to: number;
}
export interface ChildSpec {
  work: Work[];
  seed: number;
  clusters: number;
  progressFile: string;
}
export interface ChildResult {
  parser: string;
  inputs: number;
  ms: number;
  crashes: Crash[];
}

const spec = JSON.parse(process.argv[2]!) as ChildSpec;
const { targets } = buildTargets(core, sampleClusters(spec.clusters, spec.seed));
const fd = openSync(spec.progressFile, "w");
for (const w of spec.work) {
  const target = targets.find((t) => t.name === w.parser);
  if (!target) continue;
  const tokens = tokensOf(target.seeds);
  const crashes: Crash[] = [];
  const t0 = performance.now();
  for (let i = w.from; i < w.to; i++) {
    const input = inputFor(target, tokens, spec.seed, i);
    writeSync(fd, `${w.parser} ${i}`.padEnd(80), 0);
    let reason: string | undefined;
    try {
      reason = verdict(target.parse(input));
    } catch (e) {
      reason = `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
    }
    if (reason && crashes.length < 50) crashes.push({ parser: target.name, index: i, reason, input });
  }
  const result: ChildResult = { parser: w.parser, inputs: w.to - w.from, ms: performance.now() - t0, crashes };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}
closeSync(fd);
