"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { serviceKey } from "@shoal/core/model/keys";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import { PageHeader } from "~/components/page-header.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";

/** Piranha's "monitoring scripts", for the whole cluster: one row per service, overrides counted. */
export function HealthPage({ clusterId }: { clusterId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const draft = useQuery(trpc.cluster.draft.queryOptions({ id: clusterId }));
  return (
    <div className="flex flex-col gap-3">
      <PageHeader title={t("hc.title")} />
      <p className="text-sm text-slate-600">{t("hc.intro")}</p>
      {draft.isError ? <ErrorNotice error={draft.error} /> : null}
      <div className="panel overflow-auto">
        <table>
          <thead>
            <tr>
              <th>{t("svc.key")}</th>
              <th>{t("hc.type")}</th>
              <th>{t("hc.interval")}</th>
              <th>{t("hc.timeout")}</th>
              <th>
                {t("hc.rise")} / {t("hc.fall")}
              </th>
              <th>{t("hc.onFailure")}</th>
              <th>{t("audit.details")}</th>
              <th>{t("rs.overrideHealth")}</th>
            </tr>
          </thead>
          <tbody>
            {(draft.data?.virtualServices ?? []).map((vs) => {
              const hc = vs.healthCheck as Record<string, unknown> & { type: string };
              const detail =
                hc.type === "http" || hc.type === "https"
                  ? `${String(hc.path)} → ${(hc.expectStatus as number[]).join(",")}`
                  : hc.type === "send-expect"
                    ? `"${String(hc.expect)}"`
                    : hc.type === "external"
                      ? String(hc.command)
                      : "";
              return (
                <tr key={vs.id}>
                  <td>
                    <Link className="font-mono text-sky-800 hover:underline" href={`/c/${clusterId}/services/${vs.id}`}>
                      {serviceKey(vs)}
                    </Link>
                  </td>
                  <td>{t(`hc.type.${hc.type as "none"}`)}</td>
                  <td>{hc.type === "none" ? "" : String(hc.interval)}</td>
                  <td>{hc.type === "none" ? "" : String(hc.timeout)}</td>
                  <td>{hc.type === "none" ? "" : `${String(hc.rise)} / ${String(hc.fall)}`}</td>
                  <td>{hc.type === "none" ? "" : t(`hc.onFailure.${hc.onFailure as "quiesce"}`)}</td>
                  <td className="max-w-xs truncate font-mono text-xs">{detail}</td>
                  <td>{vs.realServers.filter((r) => r.healthCheck).length}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
