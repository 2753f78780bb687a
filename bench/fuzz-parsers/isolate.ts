import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ChildResult, ChildSpec, Work } from "./child.ts";
import { inputFor, type Crash, type ParserRun } from "./engine.ts";
import { tokensOf } from "./mutate.ts";
import type { Target } from "./targets.ts";

export interface IsolatedOptions {
  perParser: number;
  seed: number;
  /** How many generated clusters the seeds are rendered from (the child regenerates the same). */
  clusters: number;
  /** Heap limit of the fuzzing process: a parser that needs more on one input is a crash. */
  memoryMb?: number;
  /** Seconds without progress before a parser counts as hung on its current input. */
  hangSeconds?: number;
  onParser?: (run: ParserRun) => void;
}

export interface IsolatedRun {
  runs: ParserRun[];
  crashes: Crash[];
  total: number;
  ms: number;
  skipped: { parser: string; inputs: number }[];
}

const CHILD = fileURLToPath(new URL("./child.ts", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
/** After this many deaths on one parser, the rest of its inputs are not worth the wait. */
const MAX_DEATHS = 3;

/** Fuzzes the targets in a child process, restarted after each death; hangs and OOMs are crashes. */
export async function fuzzIsolated(targets: readonly Target[], opts: IsolatedOptions): Promise<IsolatedRun> {
  const dir = mkdtempSync(join(tmpdir(), "shoal-fuzz-"));
  const progressFile = join(dir, "progress");
  const byName = new Map(targets.map((t) => [t.name, t]));
  const runs = new Map<string, ParserRun>(targets.map((t) => [t.name, { parser: t.name, inputs: 0, crashes: 0, ms: 0 }]));
  const deaths = new Map<string, number>();
  const crashes: Crash[] = [];
  const skipped: IsolatedRun["skipped"] = [];
  let work: Work[] = targets.map((t) => ({ parser: t.name, from: 0, to: opts.perParser }));
  const t0 = performance.now();
  const finish = (name: string) => opts.onParser?.(runs.get(name)!);
  try {
    while (work.length) {
      const spec: ChildSpec = { work, seed: opts.seed, clusters: opts.clusters, progressFile };
      const out = await runChild(spec, opts.memoryMb ?? 512, opts.hangSeconds ?? 15, (r) => {
        const run = runs.get(r.parser)!;
        run.inputs += r.inputs;
        run.ms += r.ms;
        run.crashes += r.crashes.length;
        crashes.push(...r.crashes);
        work = work.filter((w) => w.parser !== r.parser);
        finish(r.parser);
      });
      if (!out.death) break;
      const [parser, index] = (readProgress(progressFile) ?? "").split(" ");
      const target = parser ? byName.get(parser) : undefined;
      const at = Number(index);
      if (!target || !Number.isInteger(at)) throw new Error(`fuzz process died before parsing anything: ${out.death}`);
      const w = work.find((x) => x.parser === parser)!;
      const run = runs.get(parser!)!;
      run.inputs += at - w.from + 1;
      run.crashes++;
      crashes.push({ parser: parser!, index: at, reason: out.death, input: inputFor(target, tokensOf(target.seeds), opts.seed, at) });
      const n = (deaths.get(parser!) ?? 0) + 1;
      deaths.set(parser!, n);
      if (n >= MAX_DEATHS || at + 1 >= w.to) {
        if (at + 1 < w.to) skipped.push({ parser: parser!, inputs: w.to - at - 1 });
        work = work.filter((x) => x !== w);
        finish(parser!);
      } else w.from = at + 1;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const list = [...runs.values()];
  return { runs: list, crashes, skipped, total: list.reduce((s, r) => s + r.inputs, 0), ms: performance.now() - t0 };
}

function readProgress(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

function runChild(spec: ChildSpec, memoryMb: number, hangSeconds: number, onResult: (r: ChildResult) => void): Promise<{ death?: string }> {
  rmSync(spec.progressFile, { force: true });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", TSX, `--max-old-space-size=${memoryMb}`, CHILD, JSON.stringify(spec)], { stdio: ["ignore", "pipe", "pipe"] });
    let pending = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      pending += d.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const l of lines) if (l.startsWith("RESULT ")) onResult(JSON.parse(l.slice(7)) as ChildResult);
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    let last = "";
    let still = 0;
    let hung = false;
    // Watchdog: the same "parser index" in the progress file for too long means that input hangs.
    const timer = setInterval(() => {
      const now = readProgress(spec.progressFile) ?? "";
      // Nothing yet: the child is still starting (loading modules, rendering seeds).
      still = now !== "" && now === last ? still + 1 : 0;
      last = now;
      if (still >= hangSeconds) {
        hung = true;
        child.kill("SIGKILL");
      }
    }, 1000);
    child.on("close", (code, signal) => {
      clearInterval(timer);
      if (code === 0 && !hung) return resolve({});
      const death = hung
        ? `hung: no progress for ${hangSeconds} s on this input`
        : /heap out of memory|Allocation failed/.test(stderr)
          ? `ran out of memory (over ${memoryMb} MB) on this input`
          : `process died (${signal ?? `exit ${code}`}): ${stderr.trim().split("\n").slice(-3).join(" | ")}`;
      resolve({ death });
    });
  });
}
