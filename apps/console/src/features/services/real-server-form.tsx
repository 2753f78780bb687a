"use client";
import { useMemo, useState } from "react";
import { FormProvider, useForm } from "react-hook-form";
import { FORWARDING_METHODS, TUNNEL_CSUMS, TUNNEL_TYPES, type RealServerInput, type VirtualServiceInput } from "@shoal/core/model/index";
import type { Diagnostic } from "@shoal/core/diagnostics";
import { useI18n } from "~/i18n/client.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";
import { CheckField, Field } from "~/components/field.tsx";
import { realServerFromForm, realServerToForm, type RealServerForm as Values } from "~/features/forms/convert.ts";
import { apiRealServerDiagnostics, checkRealServer, hasError, type FieldDiagnostics } from "~/features/forms/validate.ts";
import { useFieldErrors } from "~/features/forms/use-field-errors.ts";
import { HealthCheckFields } from "~/features/forms/health-check-fields.tsx";

type Submit = (value: RealServerInput) => Promise<Diagnostic[] | void>;

/** Add or edit one real server; checked against its service (e.g. DR cannot map ports). */
export function RealServerForm({
  service,
  others,
  initial,
  onSubmit,
  onCancel,
}: {
  service: VirtualServiceInput;
  others: RealServerInput[];
  initial?: Partial<RealServerInput>;
  onSubmit: Submit;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const defaults = useMemo(() => realServerToForm(initial, { port: service.port }), [initial, service.port]);
  const form = useForm<Values>({ defaultValues: defaults });
  const { register, watch, handleSubmit, formState } = form;
  const [diags, setDiags] = useState<FieldDiagnostics>(new Map());
  const err = useFieldErrors(diags);
  const [failure, setFailure] = useState<unknown>(null);
  const forwarding = watch("forwarding");
  const tunnelType = watch("tunnelType");
  const hcOverride = watch("hcOverride");

  const submit = handleSubmit(async (values) => {
    const value = realServerFromForm(values);
    const local = checkRealServer(service, others, value);
    setDiags(local);
    if (hasError(local)) return;
    setFailure(null);
    let remote: Diagnostic[] | void;
    try {
      remote = await onSubmit(value);
    } catch (e) {
      setFailure(e);
      return;
    }
    if (remote?.length) setDiags(apiRealServerDiagnostics(remote));
  });

  return (
    <FormProvider {...form}>
      <form onSubmit={submit} className="flex flex-col gap-3 border-t border-sky-200 bg-sky-50/50 p-3" data-testid="real-server-form" noValidate>
        <div className="grid grid-cols-2 gap-3 md:grid-cols-6">
          <Field label={t("rs.address")} error={err("address")} name="address">
            <input {...register("address")} className="font-mono" data-testid="rs-address" />
          </Field>
          <Field label={t("rs.port")} error={err("port")} name="port">
            <input inputMode="numeric" {...register("port")} data-testid="rs-port" />
          </Field>
          <Field label={t("rs.forwarding")} error={err("forwarding")} name="forwarding">
            <select {...register("forwarding")} data-testid="rs-forwarding">
              {FORWARDING_METHODS.map((f) => (
                <option key={f} value={f}>
                  {t(`fwd.${f}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("rs.weight")} error={err("weight")} name="weight">
            <input inputMode="numeric" {...register("weight")} data-testid="rs-weight" />
          </Field>
          <Field label={t("rs.upperThreshold")} error={err("upperThreshold")} name="upperThreshold">
            <input inputMode="numeric" {...register("upperThreshold")} />
          </Field>
          <Field label={t("rs.lowerThreshold")} error={err("lowerThreshold")} name="lowerThreshold">
            <input inputMode="numeric" {...register("lowerThreshold")} />
          </Field>
          {forwarding === "tunnel" ? (
            <>
              <Field label={t("rs.tunnelType")} error={err("tunnelType")} name="tunnelType">
                <select {...register("tunnelType")}>
                  {TUNNEL_TYPES.map((x) => (
                    <option key={x} value={x}>
                      {x}
                    </option>
                  ))}
                </select>
              </Field>
              {tunnelType === "gue" ? (
                <Field label={t("rs.tunnelPort")} error={err("tunnelPort")} name="tunnelPort">
                  <input inputMode="numeric" {...register("tunnelPort")} />
                </Field>
              ) : null}
              {tunnelType !== "ipip" ? (
                <Field label={t("rs.tunnelCsum")} error={err("tunnelCsum")} name="tunnelCsum">
                  <select {...register("tunnelCsum")}>
                    {TUNNEL_CSUMS.map((x) => (
                      <option key={x} value={x}>
                        {x}
                      </option>
                    ))}
                  </select>
                </Field>
              ) : null}
            </>
          ) : null}
          <Field label={t("rs.name")} error={err("name")} name="name">
            <input {...register("name")} />
          </Field>
          <Field label={t("common.description")} error={err("description")} name="description" className="col-span-2">
            <input {...register("description")} />
          </Field>
          <CheckField label={t("rs.enabled")} name="enabled">
            <input type="checkbox" {...register("enabled")} />
          </CheckField>
        </div>
        <CheckField label={t("rs.overrideHealth")} name="hcOverride">
          <input type="checkbox" {...register("hcOverride")} />
        </CheckField>
        {hcOverride ? <HealthCheckFields prefix="healthCheck" err={err} /> : null}
        {failure ? <ErrorNotice error={failure} /> : null}
        <div className="flex gap-2">
          <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting} data-testid="rs-save">
            {t("common.save")}
          </button>
          <button type="button" className="btn" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </FormProvider>
  );
}
