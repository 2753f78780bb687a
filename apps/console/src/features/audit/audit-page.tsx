"use client";
import { useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import { PageHeader } from "~/components/page-header.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";

/** Who did what, when, from where; newest first, paged by cursor. */
export function AuditPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [action, setAction] = useState("");
  const [actor, setActor] = useState("");
  const q = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions({ limit: 100, action: action || undefined, actorName: actor || undefined }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="flex flex-col gap-3">
      <PageHeader title={t("audit.title")}>
        <input placeholder={t("audit.action")} value={action} onChange={(e) => setAction(e.target.value)} data-testid="audit-action-filter" />
        <input placeholder={t("common.user")} value={actor} onChange={(e) => setActor(e.target.value)} />
      </PageHeader>
      {q.isError ? <ErrorNotice error={q.error} /> : null}
      <div className="panel overflow-auto">
        <table data-testid="audit-table">
          <thead>
            <tr>
              <th>{t("common.when")}</th>
              <th>{t("common.user")}</th>
              <th>{t("audit.action")}</th>
              <th>{t("audit.target")}</th>
              <th>{t("rs.status")}</th>
              <th>{t("audit.details")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                <td className="whitespace-nowrap font-mono text-xs">{new Date(e.at).toLocaleString()}</td>
                <td>{e.actorName ?? "–"}</td>
                <td className="font-mono text-xs">{e.action}</td>
                <td className="text-xs">{[e.targetType, e.targetId].filter(Boolean).join(" ")}</td>
                <td>{e.success ? <span className="badge bg-emerald-100 text-emerald-800">ok</span> : <span className="badge bg-red-100 text-red-800">refused</span>}</td>
                <td className="max-w-md truncate text-xs" title={e.message ?? ""}>
                  {e.message ?? ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {q.hasNextPage ? (
        <button type="button" className="btn self-start" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          …
        </button>
      ) : null}
    </div>
  );
}
