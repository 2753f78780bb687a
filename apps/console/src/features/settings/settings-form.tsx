"use client";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { SyncDaemon, Timeouts } from "@shoal/core/model/index";
import { explainZodError } from "@shoal/core/validate/index";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import { useCanEdit } from "~/components/session.tsx";
import { CheckField, Field } from "~/components/field.tsx";
import { Notice } from "~/components/notice.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";
import { diagnosticsOf } from "~/lib/errors.ts";
import { group, type FieldDiagnostics } from "~/features/forms/validate.ts";
import { useFieldErrors } from "~/features/forms/use-field-errors.ts";

interface Values {
  tcp: string;
  tcpFin: string;
  udp: string;
  syncEnabled: boolean;
  syncInterface: string;
  syncId: string;
  maxLen: string;
  mcastGroup: string;
  mcastPort: string;
  mcastTtl: string;
}
const n = (s: string) => (s.trim() === "" ? undefined : Number(s));
const s = (v: unknown) => (v === undefined || v === null ? "" : String(v));

/** Cluster-wide IPVS timeouts (ipvsadm --set) and the connection sync daemon. */
export function SettingsForm({ clusterId }: { clusterId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canEdit = useCanEdit();
  const settings = useQuery(trpc.settings.get.queryOptions({ clusterId }));
  const form = useForm<Values>();
  const [diags, setDiags] = useState<FieldDiagnostics>(new Map());
  const err = useFieldErrors(diags);
  const save = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: () => qc.invalidateQueries({ queryKey: trpc.settings.get.queryKey({ clusterId }) }),
      onError: (e) => setDiags(group(diagnosticsOf(e), [])),
    }),
  );
  const data = settings.data;
  useEffect(() => {
    if (!data) return;
    const sd = data.syncDaemon;
    form.reset({
      tcp: s(data.timeouts.tcp),
      tcpFin: s(data.timeouts.tcpFin),
      udp: s(data.timeouts.udp),
      syncEnabled: Boolean(sd?.enabled),
      syncInterface: s(sd?.interface ?? "eth0"),
      syncId: s(sd?.syncId ?? 0),
      maxLen: s(sd?.maxLen),
      mcastGroup: s(sd?.mcastGroup),
      mcastPort: s(sd?.mcastPort),
      mcastTtl: s(sd?.mcastTtl),
    });
  }, [data, form]);
  if (!data) return <p>{t("common.loading")}</p>;

  const submit = form.handleSubmit((v) => {
    const timeouts = { tcp: n(v.tcp) ?? 0, tcpFin: n(v.tcpFin) ?? 0, udp: n(v.udp) ?? 0 };
    const sd = {
      enabled: v.syncEnabled,
      interface: v.syncInterface.trim(),
      syncId: n(v.syncId) ?? 0,
      maxLen: n(v.maxLen),
      mcastGroup: v.mcastGroup.trim() || undefined,
      mcastPort: n(v.mcastPort),
      mcastTtl: n(v.mcastTtl),
    };
    const local = new Map<string, import("@shoal/core/diagnostics").Diagnostic[]>();
    const pt = Timeouts.safeParse(timeouts);
    if (!pt.success) for (const [k, d] of group(explainZodError(pt.error, timeouts), [])) local.set(k, d);
    const keepSync = v.syncEnabled || data.syncDaemon;
    const ps = SyncDaemon.safeParse(sd);
    if (keepSync && !ps.success) for (const [k, d] of group(explainZodError(ps.error, sd), [])) local.set(`sync.${k}`, d);
    setDiags(local);
    if (local.size) return;
    save.mutate({ clusterId, version: data.version, timeouts: pt.data!, syncDaemon: keepSync && ps.success ? ps.data : null });
  });
  const r = form.register;
  return (
    <form onSubmit={submit} className="flex max-w-3xl flex-col gap-3" noValidate data-testid="settings-form">
      <fieldset disabled={!canEdit} className="contents">
        <section className="panel">
          <h2 className="panel-title">{t("settings.timeouts")}</h2>
          <div className="grid grid-cols-3 gap-3 p-3">
            <Field label={t("settings.tcp")} error={err("tcp")} name="tcp">
              <input inputMode="numeric" {...r("tcp")} />
            </Field>
            <Field label={t("settings.tcpFin")} error={err("tcpFin")} name="tcpFin">
              <input inputMode="numeric" {...r("tcpFin")} />
            </Field>
            <Field label={t("settings.udp")} error={err("udp")} name="udp">
              <input inputMode="numeric" {...r("udp")} />
            </Field>
          </div>
        </section>
        <section className="panel">
          <h2 className="panel-title">{t("settings.sync")}</h2>
          <div className="grid grid-cols-3 gap-3 p-3">
            <CheckField label={t("settings.syncEnabled")} name="syncEnabled">
              <input type="checkbox" {...r("syncEnabled")} />
            </CheckField>
            <Field label={t("settings.syncInterface")} error={err("sync.interface") ?? err("syncDaemon.interface")} name="syncInterface">
              <input {...r("syncInterface")} />
            </Field>
            <Field label={t("settings.syncId")} error={err("sync.syncId")} name="syncId">
              <input inputMode="numeric" {...r("syncId")} />
            </Field>
            <Field label={t("settings.maxLen")} error={err("sync.maxLen")} name="maxLen">
              <input inputMode="numeric" {...r("maxLen")} />
            </Field>
            <Field label={t("settings.mcastGroup")} error={err("sync.mcastGroup")} name="mcastGroup">
              <input {...r("mcastGroup")} className="font-mono" />
            </Field>
            <Field label={t("settings.mcastPort")} error={err("sync.mcastPort")} name="mcastPort">
              <input inputMode="numeric" {...r("mcastPort")} />
            </Field>
            <Field label={t("settings.mcastTtl")} error={err("sync.mcastTtl")} name="mcastTtl">
              <input inputMode="numeric" {...r("mcastTtl")} />
            </Field>
          </div>
        </section>
      </fieldset>
      {save.isError && !diags.size ? <ErrorNotice error={save.error} /> : null}
      {save.isSuccess ? <Notice tone="ok">{t("common.saved")}</Notice> : null}
      {canEdit ? (
        <div>
          <button className="btn btn-primary" type="submit" disabled={save.isPending}>
            {t("common.save")}
          </button>
        </div>
      ) : null}
    </form>
  );
}
