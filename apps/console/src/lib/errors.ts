import type { Diagnostic, Message } from "@shoal/core/diagnostics";

/**
 * Diagnostics the API attached to a failed call (validation, conflict, parse errors). The API puts
 * them in the tRPC error's data; anything else falls back to the error's own message.
 */
export function diagnosticsOf(error: unknown): Diagnostic[] {
  const data = (error as { data?: { diagnostics?: unknown } } | null)?.data;
  const list = data?.diagnostics;
  return Array.isArray(list) ? (list as Diagnostic[]) : [];
}

/** Bilingual message the API attached to an error (e.g. conflict explanations), if any. */
export function messageOf(error: unknown): Message | undefined {
  const data = (error as { data?: { i18n?: unknown; messageI18n?: unknown } } | null)?.data;
  const msg = (data?.i18n ?? data?.messageI18n) as Message | undefined;
  return msg && typeof msg.en === "string" ? msg : undefined;
}

export function errorCode(error: unknown): string | undefined {
  return (error as { data?: { code?: string } } | null)?.data?.code;
}

/** "virtualServices.3.realServers.0.port" -> diagnostics keyed by the path relative to `prefix`. */
export function byPath(diags: Diagnostic[], prefix: (string | number)[] = []): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const d of diags) {
    const path = d.path ?? [];
    if (prefix.some((p, i) => String(path[i]) !== String(p))) continue;
    const key = path.slice(prefix.length).join(".");
    out.set(key, [...(out.get(key) ?? []), d]);
  }
  return out;
}
