import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ipvsadmParsers, type Diagnostic, type ParseResult } from "../../src/index.ts";
import { golden } from "./support.ts";

/** Real captures each parser is meant for: the seeds mutations start from. */
const SEEDS: Record<keyof typeof ipvsadmParsers, string[]> = {
  parseIpvsadmSave: ["golden.S.txt", "misc.S.txt"].map(golden),
  parseIpvsadmList: ["golden.Ln.txt", "golden.stats-exact.txt", "golden.tun-info.txt", "golden.thresholds.txt", "traffic.pc.txt", "traffic.rate.txt"].map(golden),
  parseProcIpvs: ["golden.proc.txt", "traffic.proc.txt"].map(golden),
  parseProcIpvsStats: ["traffic.procstats.txt"].map(golden),
  parseIpvsadmConnections: ["traffic.Lcn.txt", "traffic.Lcn-pc.txt"].map(golden),
  parseIpvsadmTimeout: ["golden.timeout.txt", "plan-batch.timeout.txt"].map(golden),
};

const piece = fc.constantFrom(
  "-A",
  "-a",
  "-t",
  "-f",
  "-6",
  "[",
  "]",
  ":",
  "::",
  "0",
  "-1",
  "4294967296",
  "FWM",
  "TCP",
  "->",
  "persistent",
  "mask",
  "(",
  ")",
  " ",
  "\t",
  "\n",
  "\r\n",
  "ä",
  "\u0000",
  "K",
  "=",
  "--set",
  "IPv6",
  "gue:1:-c",
  "0A000001:0050",
  "99:99",
);

/** A seed with random edits: deleted, duplicated or swapped lines, inserted tokens, truncation. */
const mutated = (seeds: string[]) =>
  fc
    .record({
      seed: fc.constantFrom(...seeds),
      edits: fc.array(fc.record({ kind: fc.integer({ min: 0, max: 4 }), at: fc.nat(), what: piece }), { minLength: 1, maxLength: 6 }),
    })
    .map(({ seed, edits }) => {
      let t = seed;
      for (const e of edits) {
        const at = t.length ? e.at % t.length : 0;
        const lines = t.split("\n");
        const li = lines.length ? e.at % lines.length : 0;
        switch (e.kind) {
          case 0:
            t = t.slice(0, at) + e.what + t.slice(at);
            break;
          case 1:
            t = t.slice(0, at) + t.slice(at + 1 + (e.at % 7));
            break;
          case 2:
            lines.splice(li, 1);
            t = lines.join("\n");
            break;
          case 3:
            lines.splice(li, 0, lines[(li + 1) % lines.length] ?? "");
            t = lines.join("\n");
            break;
          case 4:
            t = t.slice(0, at);
            break;
        }
      }
      return t;
    });

/** What is wrong with the diagnostics of one result ("" when nothing): plain checks, one expect per input. */
function problems(text: string, r: ParseResult<unknown>): string {
  const lineCount = Math.max(1, text.split("\n").length);
  const all: Diagnostic[] = r.ok ? r.warnings : [...r.errors, ...r.warnings];
  if (!r.ok && r.errors.length === 0) return "failed without an error";
  for (const d of all) {
    const bad =
      d.line === undefined || d.line < 1 || d.line > lineCount + 1
        ? "line"
        : d.column === undefined || d.column < 1
          ? "column"
          : d.message.en.length <= 3 || d.message.zh.length <= 1
            ? "message"
            : d.code === "parse.internal"
              ? "internal error"
              : "";
    if (bad) return `${bad}: ${JSON.stringify(d)}`;
  }
  return "";
}

describe("ipvsadm parsers on arbitrary and mutated input: never throw, always a located error", () => {
  for (const [name, parse] of Object.entries(ipvsadmParsers) as [keyof typeof ipvsadmParsers, (t: string) => ParseResult<unknown>][]) {
    it(name, () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string({ unit: "binary", maxLength: 300 }),
            fc.array(piece, { maxLength: 40 }).map((a) => a.join(" ")),
            mutated(SEEDS[name]),
          ),
          (text) => {
            let r: ParseResult<unknown> | undefined;
            expect(() => (r = parse(text))).not.toThrow();
            expect(problems(text, r!)).toBe("");
          },
        ),
        { numRuns: 300 },
      );
    });
  }
});
