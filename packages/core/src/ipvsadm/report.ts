import type { Diagnostic, Message, ParseResult } from "../diagnostics.ts";

/** Beyond this many errors a parser stops collecting: one broken file must not produce megabytes. */
const MAX_ERRORS = 50;

/**
 * Collects located errors and warnings while a parser walks its input. Parsers report and move
 * on to the next line, so the operator sees every problem of a file at once.
 */
export class Reporter {
  readonly errors: Diagnostic[] = [];
  readonly warnings: Diagnostic[] = [];

  error(code: string, message: Message, line: number, column: number): void {
    if (this.errors.length === MAX_ERRORS) {
      this.errors.push({
        severity: "error",
        code: "parse.too-many-errors",
        message: { en: `more than ${MAX_ERRORS} errors, stopped reporting`, zh: `错误超过 ${MAX_ERRORS} 个，不再继续报告` },
        line,
        column,
      });
    }
    if (this.errors.length > MAX_ERRORS) return;
    this.errors.push({ severity: "error", code, message, line, column });
  }

  warn(code: string, message: Message, line: number, column: number): void {
    if (this.warnings.length > MAX_ERRORS) return;
    this.warnings.push({ severity: "warning", code, message, line, column });
  }

  get failed(): boolean {
    return this.errors.length > 0;
  }

  result<T>(value: T): ParseResult<T> {
    return this.errors.length ? { ok: false, errors: this.errors, warnings: this.warnings } : { ok: true, value, warnings: this.warnings };
  }
}

/** Runs a parser body and turns an unexpected exception into a located error: parsers never throw. */
export function neverThrow<T>(body: (r: Reporter) => T): ParseResult<T> {
  const r = new Reporter();
  try {
    const value = body(r);
    return r.result(value);
  } catch (e) {
    r.error("parse.internal", { en: `internal parser error: ${String(e)}`, zh: `解析器内部错误：${String(e)}` }, 1, 1);
    return { ok: false, errors: r.errors, warnings: r.warnings };
  }
}
