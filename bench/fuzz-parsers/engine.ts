import { arbitraryString, mutate, tokensOf } from "./mutate.ts";
import { rng } from "./rng.ts";
import type { Target } from "./targets.ts";

export interface Crash {
  parser: string;
  index: number;
  reason: string;
  input: string;
}
export interface ParserRun {
  parser: string;
  inputs: number;
  crashes: number;
  ms: number;
}
export interface FuzzRun {
  runs: ParserRun[];
  crashes: Crash[];
  total: number;
  ms: number;
}

/**
 * Why a parser result counts as a crash, or undefined when it is fine: every parser must return
 * a ParseResult, and a failed parse must point the operator at a line.
 */
export function verdict(result: unknown): string | undefined {
  if (!result || typeof result !== "object" || typeof (result as { ok?: unknown }).ok !== "boolean") return "did not return a ParseResult";
  const r = result as { ok: boolean; errors?: unknown; warnings?: unknown };
  if (!Array.isArray(r.warnings)) return "no warnings array";
  if (r.ok) return undefined;
  if (!Array.isArray(r.errors) || r.errors.length === 0) return "ok:false without any error";
  for (const e of r.errors as { line?: unknown; code?: unknown }[]) {
    if (typeof e.line !== "number" || !Number.isInteger(e.line) || e.line < 1) return `error ${String(e.code)} has no line number`;
  }
  return undefined;
}

/** The i-th input for a target: deterministic in (seed, parser, i), so a report reproduces. */
export function inputFor(target: Target, tokens: string[], seed: number, index: number): string {
  const r = rng(seed ^ hash(target.name) ^ Math.imul(index + 1, 0x9e3779b1));
  return r.chance(0.25) ? arbitraryString(r, tokens) : mutate(r.pick(target.seeds), r, target.seeds);
}

export function fuzz(targets: readonly Target[], perParser: number, seed = 1, onParser?: (run: ParserRun) => void): FuzzRun {
  const runs: ParserRun[] = [];
  const crashes: Crash[] = [];
  const t0 = performance.now();
  for (const target of targets) {
    const tokens = tokensOf(target.seeds);
    const start = performance.now();
    let count = 0;
    for (let i = 0; i < perParser; i++) {
      const input = inputFor(target, tokens, seed, i);
      let reason: string | undefined;
      try {
        reason = verdict(target.parse(input));
      } catch (e) {
        reason = `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
      }
      count++;
      if (reason) crashes.push({ parser: target.name, index: i, reason, input });
    }
    const run = { parser: target.name, inputs: count, crashes: crashes.filter((c) => c.parser === target.name).length, ms: performance.now() - start };
    runs.push(run);
    onParser?.(run);
  }
  return { runs, crashes, total: runs.reduce((s, r) => s + r.inputs, 0), ms: performance.now() - t0 };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
