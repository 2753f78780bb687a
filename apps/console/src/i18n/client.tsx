"use client";
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { pick, type Message } from "@shoal/core/diagnostics";
import { LOCALE_COOKIE, translate, type Locale, type Messages, type Translate } from "./locale.ts";

interface I18n {
  locale: Locale;
  t: Translate;
  /** Picks the operator's language out of a bilingual core message. */
  m: (message: Message) => string;
  setLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18n | null>(null);

/**
 * `messages` is the active locale's dictionary only, sent by the root layout: shipping both in the
 * JavaScript bundle cost every page load the parse of the other language (bench/console). A switch
 * sets the cookie and refreshes, and the layout sends the other dictionary.
 */
export function I18nProvider({ locale, messages, children }: { locale: Locale; messages: Messages; children: ReactNode }) {
  const router = useRouter();
  const setLocale = useCallback(
    (next: Locale) => {
      document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
      router.refresh();
    },
    [router],
  );
  // Marks the document as hydrated: input typed before that is reset by React, so browser tests
  // (and the bench) wait for it after every full page load.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "";
    performance.mark("shoal:hydrated");
  }, []);
  const value = useMemo<I18n>(() => ({ locale, t: translate(messages), m: (message) => pick(message, locale), setLocale }), [locale, messages, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n outside I18nProvider");
  return ctx;
}
