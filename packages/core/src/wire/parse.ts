import type { z } from "zod";
import type { Message } from "../diagnostics.ts";

export interface WireProblem {
  /** Both languages, naming the first wrong field, e.g. "invalid status report: errors.0.at: ...". */
  message: Message;
  issues: { path: string; message: string }[];
}

export type WireParsed<T> = { ok: true; value: T } | { ok: false; problem: WireProblem };

/**
 * Parses one agent <-> console message; a failure names the message (en and zh) and its first
 * wrong fields (up to 20), for a 400 answer or an agent's log line.
 */
export function parseWire<S extends z.ZodType>(schema: S, raw: unknown, what: Message): WireParsed<z.infer<S>> {
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  const issues = r.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  const first = issues[0] ?? { path: "", message: "invalid" };
  const more = r.error.issues.length > 1 ? ` (+${r.error.issues.length - 1} more)` : "";
  return {
    ok: false,
    problem: {
      message: { en: `invalid ${what.en}: ${first.path || "(root)"}: ${first.message}${more}`, zh: `${what.zh}无效：${first.path || "(根)"}：${first.message}${more}` },
      issues,
    },
  };
}
