"use client";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Cluster } from "@shoal/core/model/index";
import { explainZodError } from "@shoal/core/validate/index";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import { useCanEdit } from "~/components/session.tsx";
import { Field } from "~/components/field.tsx";
import { Notice } from "~/components/notice.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";
import { diagnosticsOf } from "~/lib/errors.ts";
import { group, type FieldDiagnostics } from "~/features/forms/validate.ts";
import { useFieldErrors } from "~/features/forms/use-field-errors.ts";

const Identity = Cluster.pick({ name: true, description: true });

/** The cluster's name and description (renaming keeps its directors, tokens and revisions). */
export function ClusterIdentityForm({ clusterId }: { clusterId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canEdit = useCanEdit();
  const cluster = useQuery(trpc.cluster.get.queryOptions({ id: clusterId }));
  const form = useForm<{ name: string; description: string }>();
  const [diags, setDiags] = useState<FieldDiagnostics>(new Map());
  const err = useFieldErrors(diags);
  const save = useMutation(
    trpc.cluster.update.mutationOptions({
      onSuccess: () =>
        Promise.all([qc.invalidateQueries({ queryKey: trpc.cluster.get.queryKey({ id: clusterId }) }), qc.invalidateQueries({ queryKey: trpc.cluster.list.queryKey() })]),
      onError: (e) => setDiags(group(diagnosticsOf(e), [])),
    }),
  );
  const data = cluster.data;
  useEffect(() => {
    if (data) form.reset({ name: data.name, description: data.description });
  }, [data, form]);
  if (!data) return null;

  const submit = form.handleSubmit((v) => {
    const raw = { name: v.name.trim(), description: v.description.trim() };
    const p = Identity.safeParse(raw);
    if (!p.success) return setDiags(group(explainZodError(p.error, raw), []));
    setDiags(new Map());
    save.mutate({ id: clusterId, version: data.version, ...p.data });
  });
  return (
    <form onSubmit={submit} className="panel flex max-w-3xl flex-col gap-3 p-3" noValidate data-testid="cluster-identity-form">
      <h2 className="panel-title">{t("settings.identity")}</h2>
      <fieldset disabled={!canEdit} className="grid grid-cols-1 gap-3 md:grid-cols-2">
        <Field label={t("settings.clusterName")} error={err("name")} name="name">
          <input {...form.register("name")} />
        </Field>
        <Field label={t("settings.clusterDescription")} error={err("description")} name="description">
          <input {...form.register("description")} />
        </Field>
      </fieldset>
      {canEdit ? (
        <div className="flex items-center gap-3">
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {t("common.save")}
          </button>
          {save.isSuccess ? <Notice tone="ok">{t("common.saved")}</Notice> : null}
        </div>
      ) : null}
      {save.isError && !diags.size ? <ErrorNotice error={save.error} /> : null}
    </form>
  );
}
