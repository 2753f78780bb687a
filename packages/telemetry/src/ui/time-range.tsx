"use client";

export interface TimeRange {
  /** "live" follows the stream; the others are fixed windows ending now. */
  key: string;
  seconds: number;
}

export const RANGES: TimeRange[] = [
  { key: "live", seconds: 300 },
  { key: "1h", seconds: 3600 },
  { key: "6h", seconds: 6 * 3600 },
  { key: "24h", seconds: 86_400 },
  { key: "7d", seconds: 7 * 86_400 },
];

/** Live (last 5 min from the subscription) or a history window read with querySeries. */
export function TimeRangePicker({ value, onChange }: { value: string; onChange: (r: TimeRange) => void }) {
  return (
    <div role="radiogroup" aria-label="time range" className="shoal-time-range" style={{ display: "inline-flex", gap: 4 }}>
      {RANGES.map((r) => (
        <button key={r.key} type="button" role="radio" aria-checked={value === r.key} onClick={() => onChange(r)} style={{ fontWeight: value === r.key ? 700 : 400 }}>
          {r.key}
        </button>
      ))}
    </div>
  );
}
