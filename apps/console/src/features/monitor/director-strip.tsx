"use client";
import { useQuery } from "@tanstack/react-query";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";

/** Who serves the cluster: each director's role and the revision its agent says it applied. */
export function DirectorStrip({ clusterId }: { clusterId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const directors = useQuery({ ...trpc.director.list.queryOptions({ clusterId }), refetchInterval: 10_000 });
  const cluster = useQuery(trpc.cluster.get.queryOptions({ id: clusterId }));
  return (
    <div className="panel" data-testid="monitor-directors">
      <div className="panel-title flex justify-between">
        <span>{t("mon.directors")}</span>
        {cluster.data ? <span className="font-normal text-slate-500">{t("mon.clusterRevision", { n: cluster.data.appliedRevision ?? "–" })}</span> : null}
      </div>
      <table>
        <thead>
          <tr>
            <th>{t("dir.name")}</th>
            <th>{t("mon.role")}</th>
            <th>{t("mon.applied")}</th>
            <th>{t("mon.lastSeen")}</th>
          </tr>
        </thead>
        <tbody>
          {(directors.data ?? []).map((d) => {
            // An agent behind the cluster's applied revision is worth noticing at a glance.
            const behind = cluster.data?.appliedRevision != null && d.agent.appliedRevision !== cluster.data.appliedRevision;
            return (
              <tr key={d.id} data-testid="monitor-director">
                <td className="font-medium">{d.name}</td>
                <td>{t(`dir.role.${d.role}`)}</td>
                <td className={behind ? "text-amber-700" : ""}>{d.agent.appliedRevision ?? "–"}</td>
                <td className="text-xs">{d.agent.lastSeenAt ? new Date(d.agent.lastSeenAt).toLocaleString() : t("mon.never")}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
