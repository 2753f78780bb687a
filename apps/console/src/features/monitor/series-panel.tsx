"use client";
import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { ALL_METRICS, seriesToAligned, type LiveSeries } from "@shoal/telemetry/ui/index";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";
import { Charts } from "./charts.tsx";
import type { Window } from "./ranges.ts";

export interface SeriesTarget {
  kind: "totals" | "service" | "dest";
  service?: string;
  dest?: string;
  /** The LiveSeries key of the same series (TOTALS, the service key, or "svc -> dest"). */
  liveKey: string;
}

function stepText(ms: number): string {
  return ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`;
}

/**
 * Charts of one series: from the live stream in "live", otherwise from telemetry.series (1 s from
 * memory for recent ranges, 1 min rollups beyond). `version` re-renders live charts each message.
 */
export function SeriesPanel({
  clusterId,
  target,
  name,
  window,
  live,
  version,
  syncKey,
}: {
  clusterId: string;
  target: SeriesTarget;
  name: string;
  window: Window;
  live: LiveSeries;
  version: number;
  syncKey: string;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const history = window.range !== "live";
  const q = useQuery({
    ...trpc.telemetry.series.queryOptions({
      clusterId,
      kind: target.kind,
      ...(target.service ? { service: target.service } : {}),
      ...(target.dest ? { dest: target.dest } : {}),
      from: window.from,
      to: window.to,
    }),
    enabled: history,
    staleTime: 60_000,
  });
  const historyData = useMemo(() => (q.data ? seriesToAligned(q.data, ALL_METRICS) : null), [q.data]);
  // Live data is rebuilt per message (cheap: one ring per shown series).
  // (Skipped while a history window is shown: the stream keeps flowing for a quick return to live.)
  const liveData = useMemo(() => (history ? null : live.data(target.liveKey, ALL_METRICS)), [history, live, target.liveKey, version]); // eslint-disable-line react-hooks/exhaustive-deps
  const data = history ? historyData : liveData;
  return (
    <div className="flex flex-col gap-1">
      {history && q.data ? <div className="text-xs text-slate-500">{t("mon.step", { step: stepText(q.data.stepMs) })}</div> : null}
      {q.isError ? <ErrorNotice error={q.error} /> : null}
      {data ? <Charts name={name} data={data} syncKey={syncKey} /> : <p className="text-sm text-slate-500">{t("common.loading")}</p>}
    </div>
  );
}
