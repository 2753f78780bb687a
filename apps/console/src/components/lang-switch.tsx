"use client";
import { useI18n } from "~/i18n/client.tsx";

export function LangSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <select
      aria-label={t("lang.label")}
      data-testid="lang-switch"
      value={locale}
      onChange={(e) => setLocale(e.target.value === "zh-CN" ? "zh-CN" : "en")}
      className="py-0.5 text-xs"
    >
      <option value="en">{t("lang.en")}</option>
      <option value="zh-CN">{t("lang.zh")}</option>
    </select>
  );
}
