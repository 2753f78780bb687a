/**
 * The one shape every complaint in Shoal takes: validation of a topology, a parse error in an
 * imported file, a kernel error reported by the agent. Always both languages, so the console can
 * show the operator's choice without asking the server again.
 */
export type Locale = "en" | "zh-CN";
export const LOCALES: readonly Locale[] = ["en", "zh-CN"];

export interface Message {
  en: string;
  zh: string;
}

export function pick(message: Message, locale: Locale): string {
  return locale === "zh-CN" ? message.zh : message.en;
}

export type Severity = "error" | "warning";

export interface Diagnostic {
  severity: Severity;
  /** Stable machine code, e.g. "route-port-mapping", "parse.expected-token". */
  code: string;
  message: Message;
  /** Field path in the topology (validation), e.g. ["virtualServices", 3, "realServers", 0, "port"]. */
  path?: (string | number)[];
  /** 1-based position in the parsed text (parsers). */
  line?: number;
  column?: number;
}

export function diag(severity: Severity, code: string, en: string, zh: string, where: { path?: (string | number)[]; line?: number; column?: number } = {}): Diagnostic {
  return { severity, code, message: { en, zh }, ...where };
}

/** "line 3, column 7: ..." / "第 3 行第 7 列：..." for logs and CLI output. */
export function formatDiagnostic(d: Diagnostic, locale: Locale = "en"): string {
  const text = pick(d.message, locale);
  const at: string[] = [];
  if (d.line !== undefined) {
    at.push(locale === "zh-CN" ? `第 ${d.line} 行${d.column !== undefined ? `第 ${d.column} 列` : ""}` : `line ${d.line}${d.column !== undefined ? `, column ${d.column}` : ""}`);
  }
  if (d.path && d.path.length) at.push(d.path.join("."));
  const sep = locale === "zh-CN" ? "：" : ": ";
  return at.length ? `${at.join(" ")}${sep}${text}` : text;
}

/** Result of every parser: a value, or located errors; unsupported parts come back as warnings. */
export type ParseResult<T> = { ok: true; value: T; warnings: Diagnostic[] } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export function hasErrors(ds: Diagnostic[]): boolean {
  return ds.some((d) => d.severity === "error");
}
