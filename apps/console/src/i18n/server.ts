import { cookies, headers } from "next/headers";
import { LOCALE_COOKIE, normalizeLocale, translator, type Locale } from "./index.ts";

/** The operator's language: the remembered cookie first, then the browser's Accept-Language. */
export async function getLocale(): Promise<Locale> {
  const fromCookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (fromCookie) return normalizeLocale(fromCookie);
  const accept = (await headers()).get("accept-language") ?? "";
  return normalizeLocale(accept.split(",")[0]);
}

export async function getT() {
  return translator(await getLocale());
}
