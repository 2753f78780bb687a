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

const WORD = /\S+/g;

export function tokenize(line: string): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(line); m !== null; m = WORD.exec(line)) out.push({ text: m[0], column: m.index + 1 });
  return out;
}

/** Shortens a user's text for quoting it inside an error message. */
export function quote(s: string): string {
  const t = s.length > 40 ? `${s.slice(0, 40)}…` : s;
  return JSON.stringify(t);
}

/** Strict decimal integer within [min, max], or undefined. */
export function parseIntIn(s: string, min: number, max: number): number | undefined {
  if (!/^\d{1,15}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= min && n <= max ? n : undefined;
}
