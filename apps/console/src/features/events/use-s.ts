"use client";
import { useI18n } from "~/i18n/client.tsx";
import { S, type StringKey } from "./strings.ts";

export function useS(): (k: StringKey) => string {
  const { m } = useI18n();
  return (k) => m(S[k]);
}
