"use client";
import { useCallback } from "react";
import { useI18n } from "~/i18n/client.tsx";
import type { FieldDiagnostics } from "./validate.ts";

/** `err("port")` -> the message(s) for that field in the operator's language. */
export function useFieldErrors(fd: FieldDiagnostics) {
  const { m } = useI18n();
  return useCallback(
    (field: string): string | undefined => {
      const list = fd.get(field);
      return list?.length ? list.map((d) => (d.severity === "warning" ? `⚠ ${m(d.message)}` : m(d.message))).join(" ") : undefined;
    },
    [fd, m],
  );
}
