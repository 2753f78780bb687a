"use client";
import type { HealthSegment } from "../query.ts";

const COLORS: Record<HealthSegment["state"], string> = { up: "#16a34a", down: "#dc2626", unknown: "#9ca3af", disabled: "#f59e0b" };

/** A real server's health over [from, to] as a coloured bar per director; hover shows why. */
export function HealthTimeline({ segments, from, to }: { segments: HealthSegment[]; from: number; to: number }) {
  const span = Math.max(1, to - from);
  const directors = [...new Set(segments.map((s) => s.director))].sort();
  return (
    <div className="shoal-health-timeline" role="img" aria-label="health timeline">
      {directors.map((d) => (
        <div key={d} style={{ position: "relative", height: 14, margin: "2px 0", background: "#f3f4f6" }} title={d}>
          {segments
            .filter((s) => s.director === d)
            .map((s) => (
              <div
                key={`${s.from}-${s.state}`}
                title={`${d}: ${s.state}${s.detail ? ` (${s.detail})` : ""} ${new Date(s.from).toISOString()} – ${new Date(s.to).toISOString()}`}
                style={{
                  position: "absolute",
                  top: 0,
                  bottom: 0,
                  left: `${((s.from - from) / span) * 100}%`,
                  width: `${((s.to - s.from) / span) * 100}%`,
                  background: COLORS[s.state],
                }}
              />
            ))}
        </div>
      ))}
    </div>
  );
}
