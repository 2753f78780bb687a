"use client";
import { useState } from "react";
import { useI18n } from "~/i18n/client.tsx";

export function CopyButton({ text }: { text: string }) {
  const { t } = useI18n();
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className="btn py-0.5 text-xs"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setDone(true);
        } catch {
          // Clipboard needs a secure context (https or localhost); select the text instead.
          window.prompt(t("common.copy"), text);
        }
      }}
    >
      {done ? t("common.copied") : t("common.copy")}
    </button>
  );
}
