/**
 * keepalived.conf's surface syntax, without meaning: words per line, `{ ... }` blocks,
 * comments from `#` or `!` to the end of the line, "double-quoted strings" (no escapes at this
 * level, as keepalived's own tokenizer reads them). Braces may sit at the end of the keyword's
 * line or alone on the next line, as keepalived accepts both.
 */
import type { Diagnostic } from "../diagnostics.ts";
import { errorAt, report, type Position } from "./located.ts";

export interface Word extends Position {
  text: string;
  quoted: boolean;
}

export interface Statement extends Position {
  keyword: Word;
  args: Word[];
  /** Present when the statement opened a `{ }` block. */
  block?: Statement[];
}

export interface Syntax {
  statements: Statement[];
  comments: { line: number; text: string }[];
  errors: Diagnostic[];
}

type Token = Word | { brace: "{" | "}"; line: number; column: number };

function tokenizeLine(text: string, line: number, errors: Diagnostic[], comments: Syntax["comments"]): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\r" || c === "\f" || c === "\v") {
      i++;
      continue;
    }
    if (c === "#" || c === "!") {
      comments.push({ line, text: text.slice(i) });
      break;
    }
    if (c === "{" || c === "}") {
      out.push({ brace: c, line, column: i + 1 });
      i++;
      continue;
    }
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) {
        report(errors, errorAt({ line, column: i + 1 }, "keepalived.unterminated-quote", "quoted string is not closed on this line", "引号字符串在本行没有结束"));
        break;
      }
      out.push({ text: text.slice(i + 1, end), quoted: true, line, column: i + 1 });
      i = end + 1;
      continue;
    }
    const start = i;
    // Same separators as the skip above (keepalived splits on C-locale isspace): with \s, a
    // U+00A0 would end the word before it started and the loop would never advance.
    while (i < text.length && !/[ \t\r\f\v{}"]/.test(text[i]!)) i++;
    out.push({ text: text.slice(start, i), quoted: false, line, column: start + 1 });
  }
  return out;
}

export function readKeepalivedSyntax(text: string): Syntax {
  const errors: Diagnostic[] = [];
  const comments: Syntax["comments"] = [];
  const root: Statement[] = [];
  // Each open block: the list being filled and the statement that opened it.
  const stack: { list: Statement[]; opener?: Statement }[] = [{ list: root }];
  const lines = text.split("\n");

  lines.forEach((raw, idx) => {
    const line = idx + 1;
    const tokens = tokenizeLine(raw, line, errors, comments);
    let words: Word[] = [];
    const flush = (): Statement | undefined => {
      if (!words.length) return undefined;
      const [keyword, ...args] = words;
      const st: Statement = { keyword: keyword!, args, line: keyword!.line, column: keyword!.column };
      stack[stack.length - 1]!.list.push(st);
      words = [];
      return st;
    };
    for (const t of tokens) {
      if ("brace" in t) {
        if (t.brace === "{") {
          let opener = flush();
          if (!opener) {
            // A lone "{" opens the block of the keyword on an earlier line.
            const list = stack[stack.length - 1]!.list;
            const prev = list[list.length - 1];
            if (prev && !prev.block && prev.line < line) opener = prev;
          }
          if (!opener) {
            report(errors, errorAt(t, "keepalived.brace-without-keyword", "'{' has no keyword before it", "'{' 前面没有关键字"));
            opener = { keyword: { text: "", quoted: false, line: t.line, column: t.column }, args: [], line: t.line, column: t.column };
          }
          opener.block = [];
          stack.push({ list: opener.block, opener });
        } else {
          flush();
          if (stack.length === 1) {
            report(errors, errorAt(t, "keepalived.unbalanced-brace", "'}' closes no open block", "'}' 没有可以结束的块"));
          } else {
            stack.pop();
          }
        }
      } else {
        words.push(t);
      }
    }
    flush();
  });

  // Name the innermost unclosed blocks one by one; past a handful, one summary says the rest.
  const REPORTED = 10;
  for (let i = stack.length - 1; i >= Math.max(1, stack.length - REPORTED); i--) {
    const o = stack[i]!.opener!;
    report(errors, errorAt(o, "keepalived.unclosed-block", `block '${o.keyword.text}' opened here is never closed with '}'`, `此处打开的块 '${o.keyword.text}' 没有用 '}' 结束`));
  }
  if (stack.length - 1 > REPORTED) {
    const o = stack[1]!.opener!;
    const more = stack.length - 1 - REPORTED;
    report(errors, errorAt(o, "keepalived.unclosed-block", `${more} more blocks, the outermost opened here, are never closed`, `另有 ${more} 个块（最外层从此处打开）没有结束`));
  }
  return { statements: root, comments, errors };
}
