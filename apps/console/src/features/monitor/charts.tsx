"use client";
import { CHARTS, UPlotChart, type AlignedData } from "@shoal/telemetry/ui/index";
import { useI18n } from "~/i18n/client.tsx";
import type { MessageKey } from "~/i18n/locale.ts";

// The telemetry package's MetricCharts has English titles; same charts, labels from our dictionaries.
const TITLES: MessageKey[] = ["mon.chart.conns", "mon.chart.cps", "mon.chart.pps", "mon.chart.bps"];
const LABELS: Record<string, MessageKey> = { active: "mon.series.active", inactive: "mon.series.inactive", in: "mon.series.in", out: "mon.series.out" };

/** The four charts of a VIP, a real server or the director totals; `data` holds ALL_METRICS in order. */
export function Charts({ name, data, syncKey, height }: { name: string; data: AlignedData; syncKey?: string; height?: number }) {
  const { t } = useI18n();
  let offset = 0;
  return (
    <div className="grid gap-2" style={{ gridTemplateColumns: "repeat(auto-fill, minmax(320px, 1fr))" }}>
      {CHARTS.map((c, i) => {
        const part = [data[0], ...data.slice(1 + offset, 1 + offset + c.metrics.length)] as AlignedData;
        offset += c.metrics.length;
        const series = c.series.map((s) => ({ ...s, label: LABELS[s.label] ? t(LABELS[s.label]!) : s.label }));
        return (
          <div key={c.title} className="panel p-1">
            <UPlotChart title={`${name}: ${t(TITLES[i]!)}`} series={series} data={part} {...(syncKey ? { syncKey } : {})} {...(height ? { height } : {})} />
          </div>
        );
      })}
    </div>
  );
}
