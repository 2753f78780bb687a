/**
 * Piranha lvs.cf's surface syntax, as Piranha's lvsconfig.c reads it: one statement per line,
 * `key = value [value]`, `virtual NAME {`, `server NAME {`, `}`; lines whose first non-blank
 * character is `#` are comments; values may be quoted with " or ' (no escapes: the quote ends
 * at the next quote of the same kind).
 */
import type { Diagnostic } from "../diagnostics.ts";
import { errorAt, report, type Position } from "../keepalived/located.ts";

export interface CfWord extends Position {
  text: string;
  quoted: boolean;
}

export interface CfLine extends Position {
  words: CfWord[];
}

export function readLvsCfLines(text: string, errors: Diagnostic[]): { lines: CfLine[]; comments: { line: number; text: string }[] } {
  const lines: CfLine[] = [];
  const comments: { line: number; text: string }[] = [];
  text.split("\n").forEach((raw, idx) => {
    const line = idx + 1;
    const words: CfWord[] = [];
    let i = 0;
    while (i < raw.length && /\s/.test(raw[i]!)) i++;
    if (raw[i] === "#") {
      comments.push({ line, text: raw.slice(i) });
      return;
    }
    while (i < raw.length) {
      const c = raw[i]!;
      if (/\s/.test(c)) {
        i++;
        continue;
      }
      if (c === '"' || c === "'") {
        const end = raw.indexOf(c, i + 1);
        if (end < 0) {
          report(errors, errorAt({ line, column: i + 1 }, "lvscf.unterminated-quote", "quoted value is not closed on this line", "引号取值在本行没有结束"));
          return;
        }
        words.push({ text: raw.slice(i + 1, end), quoted: true, line, column: i + 1 });
        i = end + 1;
        continue;
      }
      // "key=value" without blanks is read as three words, as an operator would mean it.
      if (c === "=") {
        words.push({ text: "=", quoted: false, line, column: i + 1 });
        i++;
        continue;
      }
      const start = i;
      while (i < raw.length && !/[\s="']/.test(raw[i]!)) i++;
      words.push({ text: raw.slice(start, i), quoted: false, line, column: start + 1 });
    }
    if (words.length) lines.push({ words, line, column: words[0]!.column });
  });
  return { lines, comments };
}
