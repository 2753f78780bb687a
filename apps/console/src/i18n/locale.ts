/**
 * What both sides need without either dictionary: the locale cookie, the message formatter and
 * the types. The browser gets only the active locale's messages (as a prop from the root layout),
 * so nothing a client component imports may pull en.ts or zh-CN.ts in as values.
 */
import type { Locale } from "@shoal/core/diagnostics";
import type { MessageKey } from "./en.ts";

export type { MessageKey };
export type { Locale };
export type Messages = Record<MessageKey, string>;
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export const LOCALE_COOKIE = "shoal_locale";

export function normalizeLocale(value: string | undefined | null): Locale {
  return value === "zh-CN" || value?.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

/** `fallback` fills keys a dictionary lacks (the server passes English; zh-CN has every key by type). */
export function translate(dict: Messages, fallback?: Messages): Translate {
  return (key, vars) => {
    const text = dict[key] ?? fallback?.[key] ?? key;
    if (!vars) return text;
    return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
  };
}
