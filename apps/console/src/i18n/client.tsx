"use client";
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { pick, type Message } from "@shoal/core/diagnostics";
import { LOCALE_COOKIE, translator, type Locale, type Translate } from "./index.ts";

interface I18n {
  locale: Locale;
  t: Translate;
  /** Picks the operator's language out of a bilingual core message. */
  m: (message: Message) => string;
  setLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
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
  const value = useMemo<I18n>(
    () => ({ locale, t: translator(locale), m: (message) => pick(message, locale), setLocale }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n outside I18nProvider");
  return ctx;
}
