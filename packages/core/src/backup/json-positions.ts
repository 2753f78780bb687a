/**
 * A strict JSON reader that remembers where every value starts, so a schema error at
 * cluster.virtualServices[3].port can point at its line and column in the file, and a syntax
 * error is always located (V8's JSON.parse messages do not always carry a position).
 */
export interface Position {
  line: number;
  column: number;
}

export type JsonRead = { ok: true; value: unknown; positions: Map<string, Position> } | { ok: false; position: Position; en: string; zh: string };

const MAX_DEPTH = 256;

class JsonSyntax extends Error {
  constructor(
    readonly offset: number,
    readonly en: string,
    readonly zh: string,
  ) {
    super(en);
  }
}

/** Map key of a path; built one segment at a time while reading, so no arrays are copied. */
export function pathKey(path: readonly (string | number)[]): string {
  let k = "";
  for (const seg of path) k = childKey(k, seg);
  return k;
}

function childKey(parent: string, seg: string | number): string {
  return typeof seg === "number" ? `${parent}\u0001${seg}` : `${parent}\u0002${seg}`;
}

export function readJson(text: string): JsonRead {
  const positions = new Map<string, Position>();
  const lines = lineStarts(text);
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (en: string, zh: string, at = i): never => {
    throw new JsonSyntax(at, en, zh);
  };
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const found = () => (i >= text.length ? "the end of the file" : JSON.stringify(text[i]));
  const foundZh = () => (i >= text.length ? "文件结尾" : JSON.stringify(text[i]));

  function value(path: string, depth: number): unknown {
    ws();
    if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH} levels`, `嵌套超过 ${MAX_DEPTH} 层`);
    positions.set(path, toPosition(lines, i));
    const c = text[i];
    if (c === "{") return object(path, depth);
    if (c === "[") return array(path, depth);
    if (c === '"') return string();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return number();
    for (const [word, v] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const)
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    return fail(
      `expected a value (string, number, object, array, true, false or null) but found ${found()}`,
      `此处应为一个值（字符串、数字、对象、数组、true、false 或 null），实际为 ${foundZh()}`,
    );
  }

  function object(path: string, depth: number): Record<string, unknown> {
    i++;
    const out: Record<string, unknown> = {};
    ws();
    if (text[i] === "}") {
      i++;
      return out;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail(`expected a property name in double quotes but found ${found()}`, `此处应为双引号括起的属性名，实际为 ${foundZh()}`);
      const key = string();
      ws();
      if (text[i] !== ":") fail(`expected ":" after the property name "${key}" but found ${found()}`, `属性名 "${key}" 后应为 ":"，实际为 ${foundZh()}`);
      i++;
      // defineProperty: a "__proto__" key must stay data, never become the prototype.
      Object.defineProperty(out, key, { value: value(childKey(path, key), depth + 1), enumerable: true, writable: true, configurable: true });
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return out;
      }
      fail(`expected "," or "}" in the object but found ${found()}`, `对象中此处应为 "," 或 "}"，实际为 ${foundZh()}`);
    }
  }

  function array(path: string, depth: number): unknown[] {
    i++;
    const out: unknown[] = [];
    ws();
    if (text[i] === "]") {
      i++;
      return out;
    }
    for (;;) {
      out.push(value(childKey(path, out.length), depth + 1));
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return out;
      }
      fail(`expected "," or "]" in the list but found ${found()}`, `数组中此处应为 "," 或 "]"，实际为 ${foundZh()}`);
    }
  }

  function string(): string {
    const start = i;
    i++;
    let out = "";
    for (;;) {
      if (i >= text.length) fail('this string is never closed (missing ")', '字符串没有结束（缺少 "）', start);
      const c = text[i]!;
      if (c === '"') {
        i++;
        return out;
      }
      if (c === "\n" || c === "\r") fail('this string is not closed before the end of the line (missing ")', '字符串在行尾前没有结束（缺少 "）', start);
      if (c < " ") fail("a control character (such as a raw line break) inside a string; write it as \\n", "字符串中出现控制字符（例如直接换行），请写成 \\n");
      if (c !== "\\") {
        out += c;
        i++;
        continue;
      }
      const e = text[i + 1];
      const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
      if (e !== undefined && simple[e] !== undefined) {
        out += simple[e];
        i += 2;
        continue;
      }
      if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      fail("invalid escape sequence in a string", "字符串中的转义序列无效");
    }
  }

  function number(): number {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) return fail(`invalid number starting with ${found()}`, `以 ${foundZh()} 开头的数字无效`);
    i += m[0].length;
    return Number(m[0]);
  }

  try {
    const v = value("", 0);
    ws();
    if (i < text.length) fail(`unexpected ${found()} after the end of the JSON document`, `JSON 文档结束后出现多余的内容 ${foundZh()}`);
    return { ok: true, value: v, positions };
  } catch (e) {
    if (e instanceof JsonSyntax) return { ok: false, position: toPosition(lines, Math.min(e.offset, text.length)), en: e.en, zh: e.zh };
    throw e;
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) starts.push(k + 1);
  return starts;
}

/** 1-based line and column (UTF-16 units) of an offset, by binary search over line starts. */
function toPosition(starts: number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}
