"use client";
import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC, useTRPCClient } from "~/trpc/provider.tsx";
import { useCanEdit } from "~/components/session.tsx";
import { PageHeader } from "~/components/page-header.tsx";
import { diagnosticsOf } from "~/lib/errors.ts";
import { ServiceForm } from "./service-form.tsx";

export function NewService({ clusterId }: { clusterId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const router = useRouter();
  const canEdit = useCanEdit();
  return (
    <div className="flex flex-col gap-3">
      <PageHeader title={t("svc.new")} />
      <ServiceForm
        readOnly={!canEdit}
        submitLabel={t("common.create")}
        onSubmit={async (data) => {
          try {
            const res = await client.virtualService.create.mutate({ clusterId, data: { ...data, realServers: [] } });
            await qc.invalidateQueries({ queryKey: trpc.virtualService.list.pathKey() });
            // Real servers are added on the service's own page.
            router.push(`/c/${clusterId}/services/${res.service.id}`);
          } catch (e) {
            const d = diagnosticsOf(e);
            if (!d.length) throw e;
            return d;
          }
        }}
      />
    </div>
  );
}
