import type { Locale } from "@shoal/core/diagnostics";
import { en, type MessageKey } from "./en.ts";
import { zhCN } from "./zh-CN.ts";

export type { MessageKey };
export type { Locale };
export const LOCALE_COOKIE = "shoal_locale";
const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, "zh-CN": zhCN };

export function normalizeLocale(value: string | undefined | null): Locale {
  return value === "zh-CN" || value?.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const dict = dictionaries[locale];
  return (key, vars) => {
    const text = dict[key] ?? en[key] ?? key;
    if (!vars) return text;
    return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
  };
}
