"use client";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Vrrp } from "@shoal/core/model/index";
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
  enabled: boolean;
  instance: string;
  interface: string;
  virtualRouterId: string;
  priorityPrimary: string;
  priorityBackup: string;
  advertInterval: string;
  authType: "none" | "PASS" | "AH";
  authPass: string;
  preempt: boolean;
  preemptDelay: string;
}
const n = (s: string) => (s.trim() === "" ? undefined : Number(s));
const s = (v: unknown) => (v === undefined || v === null ? "" : String(v));

/** The VRRP instance that moves the VIPs from the primary director to the backup. */
export function VrrpForm({ clusterId }: { clusterId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canEdit = useCanEdit();
  const q = useQuery(trpc.vrrp.get.queryOptions({ clusterId }));
  const form = useForm<Values>();
  const [diags, setDiags] = useState<FieldDiagnostics>(new Map());
  const err = useFieldErrors(diags);
  const save = useMutation(
    trpc.vrrp.update.mutationOptions({
      onSuccess: (res) => {
        setDiags(
          group(
            res.diagnostics.filter((d) => d.path?.[0] === "vrrp"),
            ["vrrp"],
          ),
        );
        return qc.invalidateQueries({ queryKey: trpc.vrrp.get.queryKey({ clusterId }) });
      },
      onError: (e) => setDiags(group(diagnosticsOf(e), ["vrrp"])),
    }),
  );
  const data = q.data;
  useEffect(() => {
    if (!data) return;
    const v = data.vrrp;
    form.reset({
      enabled: Boolean(v),
      instance: s(v?.instance ?? "VI_1"),
      interface: s(v?.interface ?? "eth0"),
      virtualRouterId: s(v?.virtualRouterId ?? 51),
      priorityPrimary: s(v?.priorityPrimary ?? 150),
      priorityBackup: s(v?.priorityBackup ?? 100),
      advertInterval: s(v?.advertInterval ?? 1),
      authType: v?.authType ?? "none",
      authPass: s(v?.authPass),
      preempt: v?.preempt ?? true,
      preemptDelay: s(v?.preemptDelay),
    });
  }, [data, form]);
  if (!data) return <p>{t("common.loading")}</p>;
  const enabled = form.watch("enabled");
  const authType = form.watch("authType");

  const submit = form.handleSubmit((v) => {
    if (!v.enabled) return save.mutate({ clusterId, version: data.version, vrrp: null });
    const raw = {
      instance: v.instance.trim(),
      interface: v.interface.trim(),
      virtualRouterId: n(v.virtualRouterId),
      priorityPrimary: n(v.priorityPrimary),
      priorityBackup: n(v.priorityBackup),
      advertInterval: n(v.advertInterval),
      authType: v.authType,
      authPass: v.authType === "none" ? undefined : v.authPass || undefined,
      preempt: v.preempt,
      preemptDelay: n(v.preemptDelay),
    };
    const p = Vrrp.safeParse(raw);
    if (!p.success) return setDiags(group(explainZodError(p.error, raw), []));
    setDiags(new Map());
    save.mutate({ clusterId, version: data.version, vrrp: p.data });
  });
  const r = form.register;
  return (
    <form onSubmit={submit} className="flex max-w-3xl flex-col gap-3" noValidate data-testid="vrrp-form">
      <fieldset disabled={!canEdit} className="contents">
        <section className="panel">
          <h2 className="panel-title">{t("vrrp.title")}</h2>
          <div className="grid grid-cols-3 gap-3 p-3">
            <CheckField label={t("vrrp.enabled")} name="enabled">
              <input type="checkbox" {...r("enabled")} />
            </CheckField>
            {enabled ? (
              <>
                <Field label={t("vrrp.instance")} error={err("instance")} name="instance">
                  <input {...r("instance")} />
                </Field>
                <Field label={t("vrrp.interface")} error={err("interface")} name="interface">
                  <input {...r("interface")} />
                </Field>
                <Field label={t("vrrp.virtualRouterId")} error={err("virtualRouterId")} name="virtualRouterId">
                  <input inputMode="numeric" {...r("virtualRouterId")} />
                </Field>
                <Field label={t("vrrp.priorityPrimary")} error={err("priorityPrimary")} name="priorityPrimary">
                  <input inputMode="numeric" {...r("priorityPrimary")} />
                </Field>
                <Field label={t("vrrp.priorityBackup")} error={err("priorityBackup")} name="priorityBackup">
                  <input inputMode="numeric" {...r("priorityBackup")} />
                </Field>
                <Field label={t("vrrp.advertInterval")} error={err("advertInterval")} name="advertInterval">
                  <input inputMode="decimal" {...r("advertInterval")} />
                </Field>
                <Field label={t("vrrp.authType")} error={err("authType")} name="authType">
                  <select {...r("authType")}>
                    <option value="none">none</option>
                    <option value="PASS">PASS</option>
                    <option value="AH">AH</option>
                  </select>
                </Field>
                {authType !== "none" ? (
                  <Field label={t("vrrp.authPass")} error={err("authPass")} name="authPass">
                    <input type="password" autoComplete="off" {...r("authPass")} />
                  </Field>
                ) : null}
                <CheckField label={t("vrrp.preempt")} name="preempt">
                  <input type="checkbox" {...r("preempt")} />
                </CheckField>
                <Field label={t("vrrp.preemptDelay")} error={err("preemptDelay")} name="preemptDelay">
                  <input inputMode="numeric" {...r("preemptDelay")} />
                </Field>
              </>
            ) : null}
          </div>
        </section>
      </fieldset>
      {save.isError && !diags.size ? <ErrorNotice error={save.error} /> : null}
      {save.isSuccess && !diags.size ? <Notice tone="ok">{t("common.saved")}</Notice> : null}
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
