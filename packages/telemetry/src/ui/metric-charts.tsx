"use client";
import { UPlotChart } from "./uplot-chart.tsx";
import type { AlignedData } from "./live-series.ts";

/** METRICS indexes (see core's wire format): active, inactive, cps, inPps, outPps, inBps, outBps. */
export const M = { active: 0, inactive: 1, cps: 2, inPps: 3, outPps: 4, inBps: 5, outBps: 6 } as const;

/** The four charts of a VIP, a real server or the director totals. */
export const CHARTS = [
  {
    title: "Connections",
    metrics: [M.active, M.inactive],
    series: [
      { label: "active", color: "#2563eb" },
      { label: "inactive", color: "#9ca3af" },
    ],
  },
  { title: "New connections/s", metrics: [M.cps], series: [{ label: "CPS", color: "#16a34a", unit: "/s" }] },
  {
    title: "Packets/s",
    metrics: [M.inPps, M.outPps],
    series: [
      { label: "in", color: "#7c3aed", unit: "pkt/s" },
      { label: "out", color: "#db2777", unit: "pkt/s" },
    ],
  },
  {
    title: "Bytes/s",
    metrics: [M.inBps, M.outBps],
    series: [
      { label: "in", color: "#0891b2", unit: "B/s" },
      { label: "out", color: "#ea580c", unit: "B/s" },
    ],
  },
] as const;

/** All metrics in CHARTS order, for one data fetch: data(key, ALL_METRICS). */
export const ALL_METRICS = CHARTS.flatMap((c) => c.metrics);

function pick(data: AlignedData, from: number, count: number): AlignedData {
  return [data[0], ...data.slice(1 + from, 1 + from + count)] as AlignedData;
}

/** `data` holds ALL_METRICS in order (LiveSeries.data(key, ALL_METRICS) or seriesToAligned). */
export function MetricCharts({ name, data, syncKey }: { name: string; data: AlignedData; syncKey?: string }) {
  let offset = 0;
  return (
    <div className="shoal-metric-charts" style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(320px, 1fr))", gap: 8 }}>
      {CHARTS.map((c) => {
        const part = pick(data, offset, c.metrics.length);
        offset += c.metrics.length;
        return <UPlotChart key={c.title} title={`${name}: ${c.title}`} series={[...c.series]} data={part} syncKey={syncKey} />;
      })}
    </div>
  );
}
