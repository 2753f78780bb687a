"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC, useTRPCClient } from "~/trpc/provider.tsx";
import { useCanEdit } from "~/components/session.tsx";
import { PageHeader } from "~/components/page-header.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";
import { ServicesTable, type ServiceRow } from "./services-table.tsx";

const PAGE = 1000;

/**
 * All of the cluster's services in one client-side table: sorting and filtering a few thousand
 * rows in the browser is instant, and the table only renders the rows in view.
 */
export function ServicesPage({ clusterId, initial }: { clusterId: string; initial?: ServiceRow[] | undefined }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const canEdit = useCanEdit();
  const q = useQuery({
    queryKey: [...trpc.virtualService.list.queryKey({ clusterId, limit: PAGE }), "all"],
    queryFn: async () => {
      const rows: ServiceRow[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await client.virtualService.list.query({ clusterId, offset, limit: PAGE });
        rows.push(...page.items);
        if (rows.length >= page.total || page.items.length < PAGE) return rows;
      }
    },
    // Rendered with the page on the server: the table shows without a second round trip.
    initialData: initial,
    initialDataUpdatedAt: initial ? Date.now() : undefined,
  });
  return (
    <div className="flex h-full flex-col">
      <PageHeader title={t("svc.title")}>
        {canEdit ? (
          <Link className="btn btn-primary" href={`/c/${clusterId}/services/new`} data-testid="service-new">
            {t("svc.new")}
          </Link>
        ) : null}
      </PageHeader>
      {q.isError ? <ErrorNotice error={q.error} /> : null}
      {q.data ? <ServicesTable rows={q.data} clusterId={clusterId} /> : <p className="text-sm text-slate-500">{t("common.loading")}</p>}
    </div>
  );
}
