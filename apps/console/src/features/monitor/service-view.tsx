"use client";
import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { destKey, serviceKey } from "@shoal/core/model/index";
import type { LiveSeries } from "@shoal/telemetry/ui/index";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import { destShares, SHARE_WINDOW_S } from "./dest-shares.ts";
import { HealthPanel } from "./health-panel.tsx";
import type { Window } from "./ranges.ts";
import { SeriesPanel } from "./series-panel.tsx";

/** One virtual service: its charts, then per real server its charts and health timeline. */
export function ServiceView({
  clusterId,
  service,
  seen,
  window,
  live,
  version,
  onBack,
}: {
  clusterId: string;
  service: string;
  /** Real servers of this service seen in the live stream. */
  seen: readonly string[];
  window: Window;
  live: LiveSeries;
  version: number;
  onBack: () => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  // The configured real servers (also those without samples yet, e.g. down since before we looked).
  const draft = useQuery({ ...trpc.cluster.draft.queryOptions({ id: clusterId }), staleTime: 60_000 });
  const vs = useMemo(
    () => draft.data?.virtualServices.find((s) => serviceKey({ protocol: s.protocol, family: s.family, address: s.address, port: s.port, fwmark: s.fwmark }) === service),
    [draft.data, service],
  );
  const liveDests = seen.join("\n");
  const dests = useMemo(() => {
    const all = new Set((vs?.realServers ?? []).map((r) => destKey(r)));
    for (const d of liveDests.split("\n")) if (d) all.add(d);
    return [...all].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  }, [vs, liveDests]);
  const shares = useMemo(() => new Map(destShares(live, service, dests).map((s) => [s.dest, s])), [live, service, dests, version]); // eslint-disable-line react-hooks/exhaustive-deps
  const title = vs?.name ? `${vs.name} (${service})` : service;

  return (
    <div className="flex flex-col gap-3" data-testid="monitor-service">
      <div className="flex items-center gap-2">
        <button type="button" className="btn py-0 text-xs" onClick={onBack}>
          ← {t("mon.back")}
        </button>
        <h2 className="font-mono text-base font-semibold text-slate-800">{title}</h2>
      </div>
      <SeriesPanel
        clusterId={clusterId}
        target={{ kind: "service", service, liveKey: service }}
        name={service}
        window={window}
        live={live}
        version={version}
        syncKey={`${clusterId}:${service}`}
      />
      <h3 className="text-sm font-semibold text-slate-700">{t("mon.realServers")}</h3>
      {dests.map((dest) => (
        <section key={dest} className="flex flex-col gap-1 border-t border-slate-200 pt-2" data-testid="monitor-dest">
          <div className="flex items-baseline gap-3">
            <span className="font-mono text-sm font-semibold">{dest}</span>
            <span
              className="text-xs text-slate-600"
              data-testid="monitor-dest-share"
              data-dest={dest}
              data-share={shares.get(dest)?.share ?? ""}
              data-conns={shares.get(dest)?.conns ?? 0}
            >
              {shares.get(dest)?.share == null
                ? t("mon.shareNone", { s: SHARE_WINDOW_S })
                : t("mon.share", { pct: (shares.get(dest)!.share! * 100).toFixed(0), conns: Math.round(shares.get(dest)!.conns), s: SHARE_WINDOW_S })}
            </span>
          </div>
          <div className="text-xs text-slate-600">{t("mon.health")}</div>
          <HealthPanel clusterId={clusterId} service={service} dest={dest} window={window} />
          <SeriesPanel
            clusterId={clusterId}
            target={{ kind: "dest", service, dest, liveKey: `${service} -> ${dest}` }}
            name={dest}
            window={window}
            live={live}
            version={version}
            syncKey={`${clusterId}:${service}`}
          />
        </section>
      ))}
    </div>
  );
}
