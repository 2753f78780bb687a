/** State, value readers and the block structure of an lvs.cf, for the lvs.cf parser. */
import { canonicalAddress, familyOf } from "../model/address.ts";
import type { Diagnostic } from "../diagnostics.ts";
import { errorAt, report, SourceMap, warningAt, type Position } from "../keepalived/located.ts";
import type { CfLine, CfWord } from "./syntax.ts";

export type Keys = Map<string, { line: CfLine; values: CfWord[] }>;

export interface Virtual {
  at: CfLine;
  name: string;
  keys: Keys;
  servers: { at: CfLine; name: string; keys: Keys }[];
}

export class Ctx {
  errors: Diagnostic[] = [];
  warnings: Diagnostic[] = [];
  where = new SourceMap();
  error(at: Position, code: string, en: string, zh: string): void {
    report(this.errors, errorAt(at, `lvscf.${code}`, en, zh));
  }
  warn(at: Position, code: string, en: string, zh: string): void {
    report(this.warnings, warningAt(at, `lvscf.${code}`, en, zh));
  }
  int(w: CfWord | undefined, what: string, min: number, max: number): number | undefined {
    if (!w) return undefined;
    if (!/^\d+$/.test(w.text)) return void this.error(w, "bad-number", `${what}: '${w.text}' is not a whole number`, `${what}：'${w.text}' 不是整数`);
    const n = Number(w.text);
    if (n < min || n > max) return void this.error(w, "out-of-range", `${what}: ${n} is outside ${min}..${max}`, `${what}：${n} 超出范围 ${min}..${max}`);
    return n;
  }
  bool(w: CfWord | undefined, what: string): boolean | undefined {
    if (!w) return undefined;
    if (w.text === "0" || w.text === "1") return w.text === "1";
    return void this.error(w, "bad-bool", `${what}: '${w.text}' is not 0 or 1`, `${what}：'${w.text}' 不是 0 或 1`);
  }
  ipv4(w: CfWord | undefined, what: string): string | undefined {
    if (!w) return undefined;
    if (familyOf(w.text) !== "inet")
      return void this.error(
        w,
        "bad-address",
        `${what}: '${w.text}' is not an IPv4 address (Piranha reads IPv4 only)`,
        `${what}：'${w.text}' 不是 IPv4 地址（Piranha 只读取 IPv4）`,
      );
    return canonicalAddress(w.text);
  }
}

/** "key = v..." -> values, or a located error. */
function keyValues(ctx: Ctx, l: CfLine, count: number): CfWord[] | undefined {
  const [key, eq, ...values] = l.words;
  if (!eq || eq.text !== "=" || eq.quoted) {
    ctx.error(eq ?? { line: l.line, column: key!.column + key!.text.length }, "expected-equals", `'${key!.text}' must be followed by '='`, `'${key!.text}' 后面必须是 '='`);
    return undefined;
  }
  if (values.length < count) {
    const last = l.words[l.words.length - 1]!;
    ctx.error(
      { line: l.line, column: last.column + last.text.length + 1 },
      "missing-value",
      `'${key!.text}' needs ${count === 1 ? "a value" : `${count} values`}`,
      `'${key!.text}' 缺少取值`,
    );
    return undefined;
  }
  if (values.length > count) {
    ctx.error(values[count]!, "extra-value", `unexpected '${values[count]!.text}' after '${key!.text}'`, `'${key!.text}' 之后出现意外的 '${values[count]!.text}'`);
    return undefined;
  }
  return values;
}

/** Pass 1: structure (global keys, virtual/server blocks). */
export function readStructure(ctx: Ctx, lines: CfLine[]): { globals: Map<string, { line: CfLine; values: CfWord[] }>; virtuals: Virtual[] } {
  const globals = new Map<string, { line: CfLine; values: CfWord[] }>();
  const virtuals: Virtual[] = [];
  let v: Virtual | undefined;
  let s: Virtual["servers"][number] | undefined;
  let skipping: CfLine | undefined; // inside a failover block
  let skipDepth = 0;
  for (const l of lines) {
    const first = l.words[0]!;
    const opens = l.words[l.words.length - 1]!.text === "{" && !l.words[l.words.length - 1]!.quoted;
    if (skipping) {
      if (opens) skipDepth++;
      if (first.text === "}" && --skipDepth === 0) skipping = undefined;
      continue;
    }
    if (first.text === "}" && !first.quoted) {
      if (l.words.length > 1) ctx.error(l.words[1]!, "extra-value", `unexpected '${l.words[1]!.text}' after '}'`, `'}' 之后出现意外的 '${l.words[1]!.text}'`);
      if (s) s = undefined;
      else if (v) v = undefined;
      else ctx.error(first, "unbalanced-brace", "'}' closes no open block", "'}' 没有可以结束的块");
      continue;
    }
    if (opens) {
      const kw = first.text;
      if (l.words.length !== 3) {
        ctx.error(first, "bad-block", `'${kw}' blocks are written '${kw} NAME {'`, `'${kw}' 块的写法是 '${kw} 名称 {'`);
        continue;
      }
      const name = l.words[1]!.text;
      if (kw === "failover" && !v) {
        ctx.warn(
          first,
          "failover-not-supported",
          `failover service '${name}' (Piranha fos) is not supported by Shoal; skipped`,
          `Shoal 不支持故障转移服务 '${name}'（Piranha fos），已跳过`,
        );
        skipping = l;
        skipDepth = 1;
      } else if (kw === "virtual" && !v) {
        v = { at: l, name, keys: new Map(), servers: [] };
        virtuals.push(v);
      } else if (kw === "server" && v && !s) {
        s = { at: l, name, keys: new Map() };
        v.servers.push(s);
      } else {
        ctx.error(first, "misplaced-block", `'${kw} ${name} {' is not allowed here`, `此处不允许 '${kw} ${name} {'`);
        skipping = l;
        skipDepth = 1;
      }
      continue;
    }
    // Piranha's two-value keys: a VIP with its device, the NAT router with its device.
    const arity = (first.text === "address" && v && !s) || (first.text === "nat_router" && !v) ? 2 : 1;
    const values = keyValues(ctx, l, arity);
    if (!values) continue;
    const target = s ? s.keys : v ? v.keys : globals;
    if (target.has(first.text)) ctx.warn(first, "duplicate-key", `'${first.text}' is given again; the last value wins`, `'${first.text}' 重复出现，以最后一次为准`);
    target.set(first.text, { line: l, values });
  }
  for (const open of [s?.at, v?.at, skipping]) {
    if (open)
      ctx.error(
        open,
        "unclosed-block",
        `block '${open.words
          .slice(0, 2)
          .map((w) => w.text)
          .join(" ")}' is never closed with '}'`,
        `块 '${open.words
          .slice(0, 2)
          .map((w) => w.text)
          .join(" ")}' 没有用 '}' 结束`,
      );
  }
  return { globals, virtuals };
}
