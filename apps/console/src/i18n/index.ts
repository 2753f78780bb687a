import { en } from "./en.ts";
import { zhCN } from "./zh-CN.ts";
import { translate, type Locale, type Messages, type Translate } from "./locale.ts";

// Both dictionaries: for the server (server components, the root layout picking the one to send)
// and tests. Client components import locale.ts instead.
export { LOCALE_COOKIE, normalizeLocale, type Locale, type MessageKey, type Messages, type Translate } from "./locale.ts";

const dictionaries: Record<Locale, Messages> = { en, "zh-CN": zhCN };

export function messagesFor(locale: Locale): Messages {
  return dictionaries[locale];
}

export function translator(locale: Locale): Translate {
  return translate(dictionaries[locale], en);
}
