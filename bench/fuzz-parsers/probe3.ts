import { writeFileSync } from "node:fs";
import * as core from "@shoal/core";
import { sampleClusters } from "../../packages/core/test/fuzz/clusters.ts";
import { inputFor } from "./engine.ts";
import { tokensOf } from "./mutate.ts";
import { buildTargets } from "./targets.ts";
const { targets, missing } = buildTargets(core as Record<string, unknown>, sampleClusters(12, 42));
console.log("targets", targets.map((t) => t.name), "missing", missing);
for (const t of targets) {
  const tokens = tokensOf(t.seeds);
  console.log(t.name, "seeds", t.seeds.length, "tokens", tokens.length);
  for (let i = 0; i < 300; i++) {
    const input = inputFor(t, tokens, 7, i);
    writeFileSync(`/tmp/fuzz-last.txt`, `${t.name} ${i}\n${input}`);
    const s = performance.now();
    try { t.parse(input); } catch {}
    const d = performance.now() - s;
    if (d > 100) console.log("SLOW", t.name, i, Math.round(d), input.length);
  }
  console.log("done", t.name);
}
