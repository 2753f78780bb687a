/** State and small readers shared by the keepalived.conf parser's pieces. */
import { canonicalAddress, familyOf } from "../model/address.ts";
import type { Diagnostic } from "../diagnostics.ts";
import { errorAt, report, SourceMap, warningAt, type Position } from "./located.ts";
import type { Statement, Word } from "./syntax.ts";

export class KaContext {
  errors: Diagnostic[] = [];
  warnings: Diagnostic[] = [];
  where = new SourceMap();

  error(at: Position, code: string, en: string, zh: string): void {
    report(this.errors, errorAt(at, `keepalived.${code}`, en, zh));
  }

  warn(at: Position, code: string, en: string, zh: string): void {
    report(this.warnings, warningAt(at, `keepalived.${code}`, en, zh));
  }

  /** A keyword keepalived knows but Shoal has no place for: reported, never silently dropped. */
  ignored(st: Statement, inside: string): void {
    this.warn(st, "ignored", `'${st.keyword.text}' in ${inside} is not held by Shoal; ignored`, `${inside} 中的 '${st.keyword.text}' 在 Shoal 中没有对应项，已忽略`);
  }

  unknown(st: Statement, inside: string): void {
    this.warn(st, "unknown-keyword", `unknown keyword '${st.keyword.text}' in ${inside}; ignored`, `${inside} 中有未知关键字 '${st.keyword.text}'，已忽略`);
  }

  /** The n-th argument, or a located "missing value" error. */
  arg(st: Statement, n: number, what: string): Word | undefined {
    const w = st.args[n];
    if (!w) {
      const at = st.args[st.args.length - 1] ?? st.keyword;
      this.error({ line: at.line, column: at.column + (at.text.length || 1) }, "missing-value", `'${st.keyword.text}' needs ${what}`, `'${st.keyword.text}' 缺少${what}`);
    }
    return w;
  }

  int(w: Word | undefined, what: string, min: number, max: number): number | undefined {
    if (!w) return undefined;
    if (!/^\d+$/.test(w.text)) {
      this.error(w, "bad-number", `${what}: '${w.text}' is not a whole number`, `${what}：'${w.text}' 不是整数`);
      return undefined;
    }
    const n = Number(w.text);
    if (n < min || n > max) {
      this.error(w, "out-of-range", `${what}: ${n} is outside ${min}..${max}`, `${what}：${n} 超出范围 ${min}..${max}`);
      return undefined;
    }
    return n;
  }

  decimal(w: Word | undefined, what: string, min: number, max: number): number | undefined {
    if (!w) return undefined;
    if (!/^\d+(\.\d+)?$/.test(w.text)) {
      this.error(w, "bad-number", `${what}: '${w.text}' is not a number`, `${what}：'${w.text}' 不是数字`);
      return undefined;
    }
    const n = Number(w.text);
    if (n < min || n > max) {
      this.error(w, "out-of-range", `${what}: ${n} is outside ${min}..${max}`, `${what}：${n} 超出范围 ${min}..${max}`);
      return undefined;
    }
    return n;
  }

  address(w: Word | undefined, what: string): string | undefined {
    if (!w) return undefined;
    if (!familyOf(w.text)) {
      this.error(w, "bad-address", `${what}: '${w.text}' is not an IPv4 or IPv6 address`, `${what}：'${w.text}' 不是 IPv4 或 IPv6 地址`);
      return undefined;
    }
    return canonicalAddress(w.text);
  }

  /** keepalived's BOOL: a bare keyword means on. */
  bool(st: Statement): boolean {
    const w = st.args[0];
    if (!w) return true;
    const t = w.text.toLowerCase();
    if (["on", "true", "yes", "1"].includes(t)) return true;
    if (["off", "false", "no", "0"].includes(t)) return false;
    this.error(w, "bad-bool", `'${w.text}' is not on/off/true/false/yes/no`, `'${w.text}' 不是 on/off/true/false/yes/no`);
    return true;
  }

  /** Blocks where only a value list or nothing is expected. */
  noBlock(st: Statement): void {
    if (st.block) this.error(st, "unexpected-block", `'${st.keyword.text}' does not take a { } block`, `'${st.keyword.text}' 不接受 { } 块`);
  }
}
