/** A whitespace-separated word of a line, with its 1-based column for error messages. */
export interface Token {
  text: string;
  column: number;
}

/** Lines of a text, without their line ends (\n, \r\n); a final newline adds no empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.endsWith("\r")) lines[i] = l.slice(0, -1);
  }
  return lines;
}

function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 160 ||
    c === 0xfeff ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Whitespace-separated words with columns (a char loop: this runs on 100,000-line files). */
export function tokenize(line: string): Token[] {
  const out: Token[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpace(line.charCodeAt(i))) i++;
    out.push({ text: line.slice(start, i), column: start + 1 });
  }
  return out;
}

/** Shortens a user's text for quoting it inside an error message. */
export function quote(s: string): string {
  const t = s.length > 40 ? `${s.slice(0, 40)}…` : s;
  return JSON.stringify(t);
}

/** Strict decimal integer within [min, max], or undefined. */
export function parseIntIn(s: string, min: number, max: number): number | undefined {
  const len = s.length;
  if (len === 0 || len > 15) return undefined;
  let n = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  return n >= min && n <= max ? n : undefined;
}
