"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useSubscription } from "@trpc/tanstack-react-query";
import { M, ServiceGrid, si, TOTALS, useLiveSeries, type LiveSeries } from "@shoal/telemetry/ui/index";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import { PageHeader } from "~/components/page-header.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";
import { DirectorStrip } from "./director-strip.tsx";
import { RangePicker } from "./range-picker.tsx";
import { isRangeKey, LIVE_WINDOW_S, windowOf, type RangeKey } from "./ranges.ts";
import { SeriesPanel } from "./series-panel.tsx";
import { ServiceView } from "./service-view.tsx";
import { ConnectionsPanel } from "./connections-panel.tsx";

/** The newest director-total figures as one line of text (what an operator reads first). */
function NowLine({ live, version }: { live: LiveSeries; version: number }) {
  const { t } = useI18n();
  void version;
  const v = (m: number) => live.latest(TOTALS, m);
  const cps = v(M.cps);
  return (
    <p className="text-sm text-slate-700" data-testid="monitor-now" data-cps={cps ?? ""}>
      {t("mon.now", { cps: si(cps), active: si(v(M.active)), inBps: si(v(M.inBps), "B/s"), outBps: si(v(M.outBps), "B/s") })}
    </p>
  );
}

/**
 * A cluster's live monitoring: director totals, every service as a card, and (with ?service=KEY)
 * one service with its real servers. ?range= picks live or a history window; both stay in the
 * URL so a view can be shared.
 */
export function MonitorPage({ clusterId }: { clusterId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const service = params.get("service");
  const rangeParam = params.get("range");
  const range: RangeKey = isRangeKey(rangeParam) ? rangeParam : "live";
  const [anchor, setAnchor] = useState(() => Date.now());
  const window = useMemo(() => windowOf(range, anchor), [range, anchor]);
  const { live, version } = useLiveSeries(LIVE_WINDOW_S);

  // Live: health timelines and the like follow the clock; history windows stay where picked.
  useEffect(() => {
    if (range !== "live") return;
    const id = setInterval(() => setAnchor(Date.now()), 10_000);
    return () => clearInterval(id);
  }, [range]);

  // Kept open in history mode too, so switching back to live shows the last minutes at once.
  // Real servers per service as the stream names them (LiveSeries keeps values, not key lists).
  const seenDests = useRef(new Map<string, Set<string>>());
  const sub = useSubscription(
    trpc.telemetry.live.subscriptionOptions(
      { clusterId, ...(service ? { destsOf: [service] } : {}) },
      {
        onData: (m) => {
          if (m.type === "sample") {
            for (const d of m.dests ?? []) {
              let set = seenDests.current.get(d.service);
              if (!set) seenDests.current.set(d.service, (set = new Set()));
              for (const k of d.keys) set.add(k);
            }
          }
          live.apply(m);
        },
      },
    ),
  );

  const go = useCallback(
    (next: { service?: string | null; range?: RangeKey }) => {
      const q = new URLSearchParams(params.toString());
      if (next.service !== undefined) {
        if (next.service) q.set("service", next.service);
        else q.delete("service");
      }
      if (next.range) {
        if (next.range === "live") q.delete("range");
        else q.set("range", next.range);
        setAnchor(Date.now());
      }
      router.push(`${pathname}${q.size ? `?${q}` : ""}`);
    },
    [params, pathname, router],
  );

  const lagS = live.lastAgentT ? Math.max(0, Math.round((Date.now() - live.lastAgentT) / 1000)) : null;

  return (
    <div className="flex flex-col gap-3" data-testid="monitor-page">
      <PageHeader title={t("mon.title")}>
        {range === "live" && lagS !== null ? <span className="text-xs text-slate-500">{t("mon.lag", { s: lagS })}</span> : null}
        <RangePicker value={range} onChange={(r) => go({ range: r })} onRefresh={() => setAnchor(Date.now())} />
      </PageHeader>
      {sub.error ? <ErrorNotice error={sub.error} /> : null}
      <DirectorStrip clusterId={clusterId} />
      {service ? (
        <ServiceView
          clusterId={clusterId}
          service={service}
          seen={[...(seenDests.current.get(service) ?? [])]}
          window={window}
          live={live}
          version={version}
          onBack={() => go({ service: null })}
        />
      ) : (
        <>
          <section className="flex flex-col gap-2">
            <h2 className="text-base font-semibold text-slate-800">{t("mon.totals")}</h2>
            <NowLine live={live} version={version} />
            <SeriesPanel
              clusterId={clusterId}
              target={{ kind: "totals", liveKey: TOTALS }}
              name={t("mon.totals")}
              window={window}
              live={live}
              version={version}
              syncKey={clusterId}
            />
          </section>
          <section className="flex flex-col gap-2" data-testid="monitor-services">
            <h2 className="text-base font-semibold text-slate-800">{t("mon.services")}</h2>
            {live.services().length ? (
              <ServiceGrid live={live} version={version} onOpen={(svc) => go({ service: svc })} />
            ) : (
              <p className="text-sm text-slate-500">{t("mon.noData")}</p>
            )}
          </section>
        </>
      )}
      <ConnectionsPanel key={service ?? ""} clusterId={clusterId} service={service} />
    </div>
  );
}
