"use client";
import { useQuery } from "@tanstack/react-query";
import { HealthTimeline } from "@shoal/telemetry/ui/index";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import type { Window } from "./ranges.ts";

/** One real server's health check verdicts over the window (live: refreshed every 10 s). */
export function HealthPanel({ clusterId, service, dest, window }: { clusterId: string; service: string; dest: string; window: Window }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const q = useQuery({
    ...trpc.telemetry.health.queryOptions({ clusterId, service, dest, from: window.from, to: window.to }),
    ...(window.range === "live" ? { refetchInterval: 10_000 } : { staleTime: 60_000 }),
  });
  if (!q.data) return null;
  if (!q.data.length) return <p className="text-xs text-slate-500">{t("mon.noHealth")}</p>;
  return <HealthTimeline segments={q.data} from={window.from} to={window.to} />;
}
