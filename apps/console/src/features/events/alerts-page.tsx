"use client";
import { PageHeader } from "~/components/page-header.tsx";
import { ChannelsPanel } from "./channels-panel.tsx";
import { RulesPanel } from "./rules-panel.tsx";
import { SilencesPanel } from "./silences-panel.tsx";
import { useS } from "./use-s.ts";

/** Alerting: where alerts go, which events page whom, and what is silenced. */
export function AlertsPage({ clusterId }: { clusterId: string }) {
  const s = useS();
  return (
    <div className="flex flex-col gap-3">
      <PageHeader title={s("alerts")} />
      <ChannelsPanel />
      <RulesPanel clusterId={clusterId} />
      <SilencesPanel clusterId={clusterId} />
    </div>
  );
}
