import type { ReactNode } from "react";

const tones = {
  error: "border-red-300 bg-red-50 text-red-800",
  warning: "border-amber-300 bg-amber-50 text-amber-900",
  info: "border-sky-300 bg-sky-50 text-sky-900",
  ok: "border-emerald-300 bg-emerald-50 text-emerald-900",
} as const;

export function Notice({ tone = "info", children, testId }: { tone?: keyof typeof tones; children: ReactNode; testId?: string }) {
  return (
    <div role={tone === "error" ? "alert" : "status"} data-testid={testId} className={`rounded border px-3 py-2 text-sm ${tones[tone]}`}>
      {children}
    </div>
  );
}
