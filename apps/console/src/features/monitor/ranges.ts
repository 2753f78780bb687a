import type { MessageKey } from "~/i18n/locale.ts";

/** "live" follows the SSE stream; the others are windows ending at the moment they were picked. */
export type RangeKey = "live" | "15m" | "1h" | "24h" | "7d";

export const RANGES: { key: RangeKey; seconds: number; label: MessageKey }[] = [
  { key: "live", seconds: 300, label: "mon.range.live" },
  { key: "15m", seconds: 15 * 60, label: "mon.range.15m" },
  { key: "1h", seconds: 3600, label: "mon.range.1h" },
  { key: "24h", seconds: 86_400, label: "mon.range.24h" },
  { key: "7d", seconds: 7 * 86_400, label: "mon.range.7d" },
];

/** Seconds the live view keeps in the browser (the "live" window). */
export const LIVE_WINDOW_S = 300;

export interface Window {
  range: RangeKey;
  from: number;
  to: number;
}

export function windowOf(range: RangeKey, now: number): Window {
  const r = RANGES.find((x) => x.key === range) ?? RANGES[0]!;
  return { range, from: now - r.seconds * 1000, to: now };
}

export function isRangeKey(v: string | null | undefined): v is RangeKey {
  return RANGES.some((r) => r.key === v);
}
