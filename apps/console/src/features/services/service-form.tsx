"use client";
import { useMemo, useState } from "react";
import { FormProvider, useForm } from "react-hook-form";
import { FAMILIES, PERSISTENCE_ENGINES, PROTOCOLS, SCHED_FLAGS, SCHEDULERS, type VirtualServiceInput } from "@shoal/core/model/index";
import type { Diagnostic } from "@shoal/core/diagnostics";
import { useI18n } from "~/i18n/client.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";
import { CheckField, Field } from "~/components/field.tsx";
import { Notice } from "~/components/notice.tsx";
import { serviceFromForm, serviceToForm, type ServiceForm as Values } from "~/features/forms/convert.ts";
import { apiServiceDiagnostics, checkService, hasError, type FieldDiagnostics } from "~/features/forms/validate.ts";
import { useFieldErrors } from "~/features/forms/use-field-errors.ts";
import { HealthCheckFields } from "~/features/forms/health-check-fields.tsx";

type Submit = (value: Omit<VirtualServiceInput, "realServers">) => Promise<Diagnostic[] | void>;

/** Every field of core's VirtualService except its real servers (edited in their own table). */
export function ServiceForm({ initial, onSubmit, readOnly, submitLabel }: { initial?: Partial<VirtualServiceInput>; onSubmit: Submit; readOnly: boolean; submitLabel: string }) {
  const { t } = useI18n();
  const defaults = useMemo(() => serviceToForm(initial), [initial]);
  const form = useForm<Values>({ defaultValues: defaults });
  const { register, watch, handleSubmit, formState } = form;
  const [diags, setDiags] = useState<FieldDiagnostics>(new Map());
  const [saved, setSaved] = useState(false);
  const err = useFieldErrors(diags);
  const [failure, setFailure] = useState<unknown>(null);
  const protocol = watch("protocol");
  const scheduler = watch("scheduler");
  const sorry = watch("sorryEnabled");
  const fw = protocol === "fwmark";
  const flags = SCHED_FLAGS.filter((f) => f.startsWith(`${scheduler}-`));

  const submit = handleSubmit(async (values) => {
    setSaved(false);
    const value = serviceFromForm(values);
    const local = checkService({ ...value, realServers: [] });
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
    if (remote?.length) setDiags(apiServiceDiagnostics(remote));
    else setSaved(true);
  });

  return (
    <FormProvider {...form}>
      <form onSubmit={submit} className="flex flex-col gap-3" data-testid="service-form" noValidate>
        <fieldset disabled={readOnly} className="contents">
          <section className="panel">
            <h2 className="panel-title">{t("svc.identity")}</h2>
            <div className="grid grid-cols-2 gap-3 p-3 md:grid-cols-4">
              <Field label={t("svc.name")} error={err("name")} name="name">
                <input {...register("name")} />
              </Field>
              <Field label={t("svc.protocol")} error={err("protocol")} name="protocol">
                <select {...register("protocol")}>
                  {PROTOCOLS.map((p) => (
                    <option key={p} value={p}>
                      {p}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label={t("svc.family")} error={err("family")} name="family">
                <select {...register("family")}>
                  {FAMILIES.map((p) => (
                    <option key={p} value={p}>
                      {p === "inet" ? "IPv4 (inet)" : "IPv6 (inet6)"}
                    </option>
                  ))}
                </select>
              </Field>
              {fw ? (
                <Field label={t("svc.fwmark")} error={err("fwmark")} name="fwmark">
                  <input inputMode="numeric" {...register("fwmark")} />
                </Field>
              ) : (
                <>
                  <Field label={t("svc.address")} error={err("address")} name="address">
                    <input {...register("address")} className="font-mono" placeholder="192.0.2.10" />
                  </Field>
                  <Field label={t("svc.port")} error={err("port")} name="port">
                    <input inputMode="numeric" {...register("port")} />
                  </Field>
                </>
              )}
              <Field label={t("svc.vipInterface")} error={err("vipInterface")} name="vipInterface">
                <input {...register("vipInterface")} placeholder="eth0" />
              </Field>
              <Field label={t("svc.vipLabel")} error={err("vipLabel")} name="vipLabel">
                <input {...register("vipLabel")} placeholder="eth0:1" />
              </Field>
              <Field label={t("svc.description")} error={err("description")} name="description" className="col-span-2">
                <input {...register("description")} />
              </Field>
              <CheckField label={t("svc.enabled")} name="enabled">
                <input type="checkbox" {...register("enabled")} />
              </CheckField>
            </div>
          </section>

          <section className="panel">
            <h2 className="panel-title">{t("svc.scheduling")}</h2>
            <div className="grid grid-cols-2 gap-3 p-3 md:grid-cols-4">
              <Field label={t("svc.scheduler")} error={err("scheduler")} name="scheduler">
                <select {...register("scheduler")} data-testid="scheduler">
                  {SCHEDULERS.map((s) => (
                    <option key={s} value={s}>
                      {t(`sched.${s}`)}
                    </option>
                  ))}
                </select>
              </Field>
              {flags.length ? (
                <Field label={t("svc.schedFlags")} error={err("schedFlags")} name="schedFlags">
                  <div className="flex gap-3 py-1">
                    {flags.map((f) => (
                      <label key={f} className="flex items-center gap-1 font-mono text-xs">
                        <input type="checkbox" value={f} {...register("schedFlags")} />
                        {f}
                      </label>
                    ))}
                  </div>
                </Field>
              ) : null}
              <Field label={t("svc.persistence")} error={err("persistence")} name="persistence">
                <input inputMode="numeric" {...register("persistence")} placeholder={t("svc.notPersistent")} />
              </Field>
              <Field label={t("svc.persistenceNetmask")} error={err("persistenceNetmask")} name="persistenceNetmask">
                <input inputMode="numeric" {...register("persistenceNetmask")} placeholder="32" />
              </Field>
              <Field label={t("svc.persistenceEngine")} error={err("persistenceEngine")} name="persistenceEngine">
                <select {...register("persistenceEngine")}>
                  <option value="">{t("common.none")}</option>
                  {PERSISTENCE_ENGINES.map((p) => (
                    <option key={p} value={p}>
                      {p}
                    </option>
                  ))}
                </select>
              </Field>
              <CheckField label={t("svc.onePacket")} error={err("onePacket")} name="onePacket">
                <input type="checkbox" {...register("onePacket")} />
              </CheckField>
            </div>
          </section>

          <section className="panel">
            <h2 className="panel-title">{t("svc.failover")}</h2>
            <div className="grid grid-cols-2 gap-3 p-3 md:grid-cols-4">
              <CheckField label={t("svc.sorryServer")} name="sorryEnabled">
                <input type="checkbox" {...register("sorryEnabled")} />
              </CheckField>
              {sorry ? (
                <>
                  <Field label={t("svc.sorryAddress")} error={err("sorryAddress")} name="sorryAddress">
                    <input {...register("sorryAddress")} className="font-mono" />
                  </Field>
                  <Field label={t("svc.sorryPort")} error={err("sorryPort")} name="sorryPort">
                    <input inputMode="numeric" {...register("sorryPort")} />
                  </Field>
                </>
              ) : null}
              <Field label={t("svc.quorum")} error={err("quorum")} name="quorum">
                <input inputMode="numeric" {...register("quorum")} />
              </Field>
              <Field label={t("svc.hysteresis")} error={err("hysteresis")} name="hysteresis">
                <input inputMode="numeric" {...register("hysteresis")} />
              </Field>
            </div>
          </section>

          <section className="panel">
            <h2 className="panel-title">{t("svc.healthCheck")}</h2>
            <div className="p-3">
              <HealthCheckFields prefix="healthCheck" err={err} disabled={readOnly} />
            </div>
          </section>
        </fieldset>
        {hasError(diags) ? <Notice tone="error">{t("common.fixErrors")}</Notice> : null}
        {failure ? <ErrorNotice error={failure} /> : null}
        {saved && !formState.isSubmitting ? (
          <Notice tone="ok" testId="service-saved">
            {t("common.saved")}
          </Notice>
        ) : null}
        {readOnly ? null : (
          <div>
            <button type="submit" className="btn btn-primary" disabled={formState.isSubmitting} data-testid="service-save">
              {submitLabel}
            </button>
          </div>
        )}
      </form>
    </FormProvider>
  );
}
