"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMutation, useQuery, useQueries, useQueryClient } from "@tanstack/react-query";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import { useCanEdit } from "~/components/session.tsx";
import { PageHeader } from "~/components/page-header.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";

/** Every cluster at a glance: sizes, whether the draft is ahead of what runs, and each director's agent. */
export function OverviewPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canEdit = useCanEdit();
  const clusters = useQuery({ ...trpc.cluster.list.queryOptions(), refetchInterval: 15_000 });
  const directors = useQueries({
    queries: (clusters.data ?? []).map((c) => ({ ...trpc.director.list.queryOptions({ clusterId: c.id }), refetchInterval: 15_000 })),
  });
  const router = useRouter();
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.cluster.create.mutationOptions({
      onSuccess: () => {
        setName("");
        // The sidebar's cluster list comes from the server layout: re-render it too.
        router.refresh();
        return qc.invalidateQueries();
      },
    }),
  );

  return (
    <div className="flex flex-col gap-3">
      <PageHeader title={t("overview.title")}>
        {canEdit ? (
          <form
            method="post"
            className="flex gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (name.trim()) create.mutate({ name: name.trim(), description: "" });
            }}
          >
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t("settings.clusterName")} aria-label={t("settings.clusterName")} />
            <button className="btn" type="submit">
              {t("overview.newCluster")}
            </button>
          </form>
        ) : null}
      </PageHeader>
      {create.isError ? <ErrorNotice error={create.error} /> : null}
      {clusters.isError ? <ErrorNotice error={clusters.error} /> : null}
      <div className="grid gap-3 lg:grid-cols-2" data-testid="overview-clusters">
        {(clusters.data ?? []).map((c, i) => {
          const dirs = directors[i]?.data ?? [];
          return (
            <section key={c.id} className="panel" data-testid="overview-cluster">
              <div className="panel-title flex items-center justify-between">
                <span>{c.name}</span>
                <Link className="text-xs font-normal text-sky-800 hover:underline" href={`/c/${c.id}/services`}>
                  {t("overview.open")} →
                </Link>
              </div>
              <div className="grid grid-cols-3 gap-2 p-3 text-center">
                <Stat label={t("overview.services")} value={c.virtualServices} />
                <Stat label={t("overview.directors")} value={c.directors} />
                <Stat label={t("rev.applied")} value={c.appliedRevision ? `#${c.appliedRevision}` : "–"} />
              </div>
              <div className={`mx-3 mb-2 rounded px-2 py-1 text-xs ${c.unappliedChanges ? "bg-amber-50 text-amber-900" : "bg-emerald-50 text-emerald-900"}`}>
                {c.unappliedChanges ? (
                  <Link href={`/c/${c.id}/revisions`} className="hover:underline">
                    {t("overview.draftPending")} →
                  </Link>
                ) : (
                  t("overview.inSync")
                )}
              </div>
              {dirs.length ? (
                <table>
                  <thead>
                    <tr>
                      <th>{t("dir.name")}</th>
                      <th>{t("dir.role")}</th>
                      <th>{t("dir.lastSeen")}</th>
                      <th>{t("dir.applied")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {dirs.map((d) => {
                      const behind = c.appliedRevision !== null && d.agent.appliedRevision !== c.appliedRevision;
                      return (
                        <tr key={d.id}>
                          <td>{d.name}</td>
                          <td>{t(`dir.role.${d.role}`)}</td>
                          <td className="text-xs">{d.agent.lastSeenAt ? new Date(d.agent.lastSeenAt).toLocaleString() : t("dir.never")}</td>
                          <td className={behind ? "text-amber-700" : "text-emerald-700"}>{d.agent.appliedRevision ? `#${d.agent.appliedRevision}` : "–"}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              ) : null}
            </section>
          );
        })}
      </div>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: number | string }) {
  return (
    <div>
      <div className="text-xl font-semibold text-slate-800">{value}</div>
      <div className="text-xs text-slate-500">{label}</div>
    </div>
  );
}
