"use client";
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import { si } from "./format.ts";
import type { AlignedData } from "./live-series.ts";

export interface ChartSeries {
  label: string;
  color: string;
  /** Unit for the axis and legend, e.g. "B/s", "pkt/s", "conn/s". */
  unit?: string;
}

export interface UPlotChartProps {
  title: string;
  series: ChartSeries[];
  data: AlignedData;
  height?: number;
  /** Charts with the same key share the cursor (hover one, see the same instant on all). */
  syncKey?: string;
}

/**
 * One uPlot time-series chart. Created once; later data goes through setData (no re-creation,
 * no React re-render of the canvas). Off-screen charts skip updates until scrolled into view, so
 * a page of 1,000 services only draws the dozen that are visible.
 */
export function UPlotChart({ title, series, data, height = 160, syncKey }: UPlotChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const visible = useRef(false);
  const latest = useRef(data);
  latest.current = data;
  const shape = JSON.stringify({ title, series, height, syncKey });

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const unit = series[0]?.unit ?? "";
    const opts: uPlot.Options = {
      title,
      width: Math.max(200, node.clientWidth),
      height,
      cursor: syncKey ? { sync: { key: syncKey } } : {},
      scales: { x: { time: true } },
      // Units live in the title and legend; the axis keeps to short numbers so labels never clip.
      axes: [{}, { size: 60, values: (_u, ticks) => ticks.map((t) => si(t)) }],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, value: (_u: uPlot, v: number | null) => si(v, s.unit ?? unit) }))],
    };
    const p = new uPlot(opts, latest.current, node);
    plot.current = p;
    const resize = new ResizeObserver(() => p.setSize({ width: Math.max(200, node.clientWidth), height }));
    resize.observe(node);
    const seen = new IntersectionObserver(([entry]) => {
      visible.current = entry?.isIntersecting ?? false;
      if (visible.current) p.setData(latest.current);
    });
    seen.observe(node);
    return () => {
      resize.disconnect();
      seen.disconnect();
      p.destroy();
      plot.current = null;
    };
    // Re-created only when the chart's shape changes, never for new data.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);

  useEffect(() => {
    if (plot.current && visible.current) plot.current.setData(data);
  }, [data]);

  return <div ref={el} className="shoal-chart" style={{ width: "100%", minHeight: height }} />;
}
