import { IPVSADM_SAMPLES } from "./samples.ts";

/** One parser under test with the valid texts its mutations start from. */
export interface Target {
  group: string;
  name: string;
  parse: (text: string) => unknown;
  seeds: string[];
}

/** The parser groups @shoal/core promises, and how to render valid input for each. */
const GROUPS: { group: string; seed: (core: Core, cluster: unknown) => string | undefined; extra: string[] }[] = [
  { group: "ipvsadmParsers", seed: (c, cl) => call(c, "renderIpvsadmSave", call(c, "desiredState", cl)), extra: IPVSADM_SAMPLES },
  { group: "keepalivedParsers", seed: (c, cl) => call(c, "renderKeepalivedConf", cl), extra: [] },
  { group: "lvsCfParsers", seed: (c, cl) => call(c, "renderLvsCf", call(c, "projectForLvsCf", cl) ?? cl), extra: [] },
  { group: "backupParsers", seed: (c, cl) => call(c, "renderBackup", cl), extra: [] },
];

export const PARSER_GROUPS = GROUPS.map((g) => g.group);

type Core = Record<string, unknown>;

/** Renderers are looked up by name so a missing one (mid-way work) skips seeds instead of failing. */
function call(core: Core, name: string, arg: unknown): string | undefined {
  const f = core[name];
  if (typeof f !== "function" || arg === undefined) return undefined;
  try {
    const out = f(arg);
    return out;
  } catch {
    return undefined;
  }
}

export interface TargetsReport {
  targets: Target[];
  missing: string[];
}

export function buildTargets(core: Core, clusters: readonly unknown[]): TargetsReport {
  const targets: Target[] = [];
  const missing: string[] = [];
  for (const g of GROUPS) {
    const parsers = core[g.group];
    if (!parsers || typeof parsers !== "object") {
      missing.push(g.group);
      continue;
    }
    const seeds = [...clusters.map((cl) => g.seed(core, cl)).filter((s): s is string => typeof s === "string" && s.length > 0), ...g.extra];
    for (const [name, parse] of Object.entries(parsers as Record<string, unknown>)) {
      if (typeof parse === "function") targets.push({ group: g.group, name, parse: parse as (t: string) => unknown, seeds: seeds.length ? seeds : [""] });
    }
  }
  return { targets, missing };
}
