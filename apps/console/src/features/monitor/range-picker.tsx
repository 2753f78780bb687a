"use client";
import { useI18n } from "~/i18n/client.tsx";
import { RANGES, type RangeKey } from "./ranges.ts";

export function RangePicker({ value, onChange, onRefresh }: { value: RangeKey; onChange: (r: RangeKey) => void; onRefresh: () => void }) {
  const { t } = useI18n();
  return (
    <div className="flex items-center gap-1" role="radiogroup" aria-label={t("mon.range")} data-testid="monitor-range">
      {RANGES.map((r) => (
        <button
          key={r.key}
          type="button"
          role="radio"
          aria-checked={value === r.key}
          className={`btn py-0 text-xs ${value === r.key ? "btn-primary" : ""}`}
          onClick={() => onChange(r.key)}
          data-testid={`monitor-range-${r.key}`}
        >
          {t(r.label)}
        </button>
      ))}
      {value !== "live" ? (
        <button type="button" className="btn py-0 text-xs" onClick={onRefresh}>
          {t("mon.refresh")}
        </button>
      ) : null}
    </div>
  );
}
