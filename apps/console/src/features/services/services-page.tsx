"use client";
import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC, useTRPCClient } from "~/trpc/provider.tsx";
import { useCanEdit } from "~/components/session.tsx";
import { PageHeader } from "~/components/page-header.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";
import { ServicesTable, type ServiceRow } from "./services-table.tsx";
import { fetchListPage, LIST_PAGE as PAGE } from "./list-request.ts";

/**
 * All of the cluster's services in one client-side table: sorting and filtering a few thousand
 * rows in the browser is instant, and the table only renders the rows in view. The server sends
 * the first screenful (`first`) and preloads the whole list (list-request.ts), which hydration picks up.
 */
export function ServicesPage({ clusterId, first }: { clusterId: string; first?: { items: ServiceRow[]; total: number } | undefined }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const canEdit = useCanEdit();
  const qc = useQueryClient();
  const firstIsAll = first !== undefined && first.items.length >= first.total;
  const queryKey = [...trpc.virtualService.list.queryKey({ clusterId, limit: PAGE }), "all"];
  const queryFn = async () => {
    const rows: ServiceRow[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await fetchListPage<ServiceRow>(clusterId, offset, () => client.virtualService.list.query({ clusterId, offset, limit: PAGE }));
      rows.push(...page.items);
      if (rows.length >= page.total || page.items.length < PAGE) return rows;
    }
  };
  // The whole list starts loading while React is still hydrating (useQuery would only start it
  // in an effect, after hydration): the API call overlaps the page's own start-up.
  if (typeof window !== "undefined" && !firstIsAll && qc.getQueryState(queryKey) === undefined) void qc.prefetchQuery({ queryKey, queryFn });
  const q = useQuery({
    queryKey,
    queryFn,
    // A small cluster came whole with the HTML: no second round trip.
    initialData: firstIsAll ? first.items : undefined,
    initialDataUpdatedAt: firstIsAll ? Date.now() : undefined,
  });
  const rows = q.data ?? first?.items;
  return (
    <div className="flex h-full flex-col">
      <PageHeader title={t("svc.title")}>
        {canEdit ? (
          <Link prefetch={false} className="btn btn-primary" href={`/c/${clusterId}/services/new`} data-testid="service-new">
            {t("svc.new")}
          </Link>
        ) : null}
      </PageHeader>
      {q.isError ? <ErrorNotice error={q.error} /> : null}
      {rows ? <ServicesTable rows={rows} clusterId={clusterId} total={q.data ? undefined : first?.total} /> : <p className="text-sm text-slate-500">{t("common.loading")}</p>}
    </div>
  );
}
