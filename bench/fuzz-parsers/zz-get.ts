import { writeFileSync } from "node:fs";
import * as core from "@shoal/core";
import { sampleClusters } from "../../packages/core/test/fuzz/clusters.ts";
import { inputFor } from "./engine.ts";
import { tokensOf } from "./mutate.ts";
import { buildTargets } from "./targets.ts";
const { targets } = buildTargets(core as Record<string, unknown>, sampleClusters(40, 1));
const t = targets.find((x) => x.name === "parseKeepalivedConf")!;
writeFileSync("/tmp/ka23.txt", inputFor(t, tokensOf(t.seeds), 1, 23));
