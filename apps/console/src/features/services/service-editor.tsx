"use client";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Diagnostic } from "@shoal/core/diagnostics";
import type { RealServerInput } from "@shoal/core/model/index";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC, useTRPCClient } from "~/trpc/provider.tsx";
import { useCanEdit } from "~/components/session.tsx";
import { PageHeader } from "~/components/page-header.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";
import { diagnosticsOf } from "~/lib/errors.ts";
import { ServiceForm } from "./service-form.tsx";
import { RealServersPanel, type RealServerActions, type RealServerRow } from "./real-servers-panel.tsx";
import { diagnosticsForService } from "./service-diagnostics.ts";

/** Diagnostics of one real server (by its position in the service), paths relative to it. */
function forRealServer(diags: Diagnostic[], index: number): Diagnostic[] {
  return diags.filter((d) => d.path?.[0] === "realServers" && d.path[1] === index && d.severity === "error");
}

export function ServiceEditor({ clusterId, serviceId }: { clusterId: string; serviceId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const router = useRouter();
  const canEdit = useCanEdit();
  const q = useQuery(trpc.virtualService.get.queryOptions({ id: serviceId }));
  const refresh = () =>
    Promise.all([qc.invalidateQueries({ queryKey: trpc.virtualService.get.queryKey({ id: serviceId }) }), qc.invalidateQueries({ queryKey: trpc.virtualService.list.pathKey() })]);
  const remove = useMutation(trpc.virtualService.delete.mutationOptions());
  const setEnabled = useMutation(trpc.virtualService.setEnabled.mutationOptions({ onSettled: refresh }));
  const svc = q.data;
  if (q.isError) return <ErrorNotice error={q.error} />;
  if (!svc) return <p>{t("common.loading")}</p>;

  const mine = (diags: Diagnostic[]) => diagnosticsForService(client, clusterId, serviceId, diags);
  /** A refused call's diagnostics, or the saved draft's errors about this service. */
  const run = async (call: () => Promise<{ diagnostics: Diagnostic[] }>, pick: (d: Diagnostic[]) => Diagnostic[]) => {
    try {
      const res = await call();
      await refresh();
      return pick(await mine(res.diagnostics));
    } catch (e) {
      const d = diagnosticsOf(e);
      if (!d.length) throw e;
      return d;
    }
  };
  const rows = svc.realServers as RealServerRow[];
  const indexOf = (id: string) => rows.findIndex((r) => r.id === id);
  const actions: RealServerActions = {
    create: (rs: RealServerInput) =>
      run(
        () => client.realServer.create.mutate({ serviceId, data: rs }),
        (d) => forRealServer(d, rows.length),
      ),
    update: (row, rs) =>
      run(
        () => client.realServer.update.mutate({ id: row.id, version: row.version ?? 0, data: rs }),
        (d) => forRealServer(d, indexOf(row.id)),
      ),
    remove: async (row) => {
      await client.realServer.delete.mutate({ id: row.id, version: row.version ?? 0 });
      await refresh();
    },
    setEnabled: async (row, enabled) => {
      await client.realServer.setEnabled.mutate({ id: row.id, version: row.version ?? 0, enabled });
      await refresh();
    },
    drain: async (row, drained) => {
      // undrain restores the weight from before the drain (the API remembers it)
      if (drained) await client.realServer.drain.mutate({ id: row.id, version: row.version ?? 0 });
      else await client.realServer.undrain.mutate({ id: row.id, version: row.version ?? 0 });
      await refresh();
    },
  };
  const { realServers: _rs, clusterId: _c, version, key, ...fields } = svc;

  return (
    <div className="flex flex-col gap-3">
      <PageHeader title={`${t("svc.edit")}: ${key}`}>
        {canEdit ? (
          <>
            <button type="button" className="btn" onClick={() => setEnabled.mutate({ id: serviceId, version, enabled: !svc.enabled })}>
              {svc.enabled ? t("rs.disable") : t("rs.enable")}
            </button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={async () => {
                if (!window.confirm(t("common.confirmDelete", { what: key }))) return;
                await remove.mutateAsync({ id: serviceId, version });
                await qc.invalidateQueries({ queryKey: trpc.virtualService.list.pathKey() });
                router.push(`/c/${clusterId}/services`);
              }}
            >
              {t("common.delete")}
            </button>
          </>
        ) : null}
      </PageHeader>
      {remove.isError ? <ErrorNotice error={remove.error} /> : null}
      {setEnabled.isError ? <ErrorNotice error={setEnabled.error} /> : null}
      <ServiceForm
        key={version}
        initial={fields}
        readOnly={!canEdit}
        submitLabel={t("common.save")}
        onSubmit={(data) =>
          run(
            () => client.virtualService.update.mutate({ id: serviceId, version, data: data }),
            (d) => d.filter((x) => x.path?.[0] !== "realServers" && x.severity === "error"),
          )
        }
      />
      <RealServersPanel service={{ ...fields, realServers: [] }} rows={rows} actions={actions} />
    </div>
  );
}
