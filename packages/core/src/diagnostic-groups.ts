/**
 * A preview an operator can read: a 68,779-service dump with no DIP is one line ("68,779 alike:
 * ... no director has a private address (DIP)"), not 68,779. Diagnostics are grouped by severity
 * and code, each group keeps its first few examples (with line or path), and the rest are paged.
 */
import type { Diagnostic, Message, Severity } from "./diagnostics.ts";

export interface DiagnosticGroup {
  severity: Severity;
  code: string;
  count: number;
  /** The first diagnostic's text, or "N alike: ..." for a group of more than one. */
  message: Message;
  /** The first `examples` diagnostics of the group, in input order. */
  examples: Diagnostic[];
}

export const GROUP_EXAMPLES = 5;

export function groupDiagnostics(list: readonly Diagnostic[], examples = GROUP_EXAMPLES): DiagnosticGroup[] {
  const groups = new Map<string, DiagnosticGroup>();
  for (const d of list) {
    const key = `${d.severity} ${d.code}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { severity: d.severity, code: d.code, count: 0, message: d.message, examples: [] }));
    g.count++;
    if (g.examples.length < examples) g.examples.push(d);
  }
  const out = [...groups.values()];
  for (const g of out) {
    if (g.count > 1) {
      const first = g.examples[0]!.message;
      g.message = { en: `${g.count.toLocaleString("en-US")} alike, e.g.: ${first.en}`, zh: `共 ${g.count.toLocaleString("en-US")} 处相同，例如：${first.zh}` };
    }
  }
  // Errors first, then the biggest groups: what blocks the import, then what is most widespread.
  return out.sort((a, b) => (a.severity === b.severity ? b.count - a.count : a.severity === "error" ? -1 : 1));
}

/** One page of a group's diagnostics (the preview's "show more"). */
export function diagnosticsPage(list: readonly Diagnostic[], code: string, severity: Severity, offset: number, limit: number): { items: Diagnostic[]; total: number } {
  const all = list.filter((d) => d.code === code && d.severity === severity);
  return { items: all.slice(offset, offset + limit), total: all.length };
}
