export * from "./live-series.ts";
export * from "./format.ts";
export * from "./uplot-chart.tsx";
export * from "./metric-charts.tsx";
export * from "./health-timeline.tsx";
export * from "./time-range.tsx";
export * from "./use-live-series.ts";
export * from "./service-grid.tsx";
