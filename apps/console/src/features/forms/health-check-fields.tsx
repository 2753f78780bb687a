"use client";
import { useFormContext } from "react-hook-form";
import { HEALTH_CHECK_TYPES, ON_FAILURE } from "@shoal/core/model/index";
import { useI18n } from "~/i18n/client.tsx";
import { CheckField, Field } from "~/components/field.tsx";

/** Fields of every health check type; only the chosen type's fields are shown. */
export function HealthCheckFields({ prefix, err, disabled }: { prefix: string; err: (field: string) => string | undefined; disabled?: boolean }) {
  const { t } = useI18n();
  const { register, watch } = useFormContext();
  const type = watch(`${prefix}.type`) as (typeof HEALTH_CHECK_TYPES)[number];
  const f = (name: string) => `${prefix}.${name}`;
  const e = (name: string) => err(`healthCheck.${name}`);
  return (
    <fieldset disabled={disabled} className="grid grid-cols-2 gap-3 md:grid-cols-4">
      <Field label={t("hc.type")} error={e("type")} name="healthCheck.type">
        <select {...register(f("type"))} data-testid={`${prefix}-type`}>
          {HEALTH_CHECK_TYPES.map((x) => (
            <option key={x} value={x}>
              {t(`hc.type.${x}`)}
            </option>
          ))}
        </select>
      </Field>
      {type !== "none" ? (
        <>
          <Field label={t("hc.interval")} error={e("interval")} name="healthCheck.interval">
            <input inputMode="numeric" {...register(f("interval"))} />
          </Field>
          <Field label={t("hc.timeout")} error={e("timeout")} name="healthCheck.timeout">
            <input inputMode="numeric" {...register(f("timeout"))} />
          </Field>
          <Field label={t("hc.port")} error={e("port")} name="healthCheck.port">
            <input inputMode="numeric" {...register(f("port"))} />
          </Field>
          <Field label={t("hc.rise")} error={e("rise")} name="healthCheck.rise">
            <input inputMode="numeric" {...register(f("rise"))} />
          </Field>
          <Field label={t("hc.fall")} error={e("fall")} name="healthCheck.fall">
            <input inputMode="numeric" {...register(f("fall"))} />
          </Field>
          <Field label={t("hc.onFailure")} error={e("onFailure")} name="healthCheck.onFailure">
            <select {...register(f("onFailure"))}>
              {ON_FAILURE.map((x) => (
                <option key={x} value={x}>
                  {t(`hc.onFailure.${x}`)}
                </option>
              ))}
            </select>
          </Field>
        </>
      ) : null}
      {type === "http" || type === "https" ? (
        <>
          <Field label={t("hc.path")} error={e("path")} name="healthCheck.path">
            <input {...register(f("path"))} className="font-mono" />
          </Field>
          <Field label={t("hc.expectStatus")} error={e("expectStatus")} name="healthCheck.expectStatus">
            <input {...register(f("expectStatus"))} placeholder="200, 301" />
          </Field>
          <Field label={t("hc.host")} error={e("host")} name="healthCheck.host">
            <input {...register(f("host"))} />
          </Field>
          <Field label={t("hc.bodyRegex")} error={e("bodyRegex")} name="healthCheck.bodyRegex">
            <input {...register(f("bodyRegex"))} className="font-mono" />
          </Field>
          {type === "https" ? (
            <CheckField label={t("hc.verifyTls")} name="healthCheck.verifyTls">
              <input type="checkbox" {...register(f("verifyTls"))} />
            </CheckField>
          ) : null}
        </>
      ) : null}
      {type === "send-expect" ? (
        <>
          <Field label={t("hc.send")} error={e("send")} name="healthCheck.send" className="col-span-2">
            <input {...register(f("send"))} className="font-mono" placeholder="GET / HTTP/1.0\r\n\r\n" />
          </Field>
          <Field label={t("hc.expect")} error={e("expect")} name="healthCheck.expect">
            <input {...register(f("expect"))} className="font-mono" />
          </Field>
          <CheckField label={t("hc.useRegex")} name="healthCheck.useRegex">
            <input type="checkbox" {...register(f("useRegex"))} />
          </CheckField>
        </>
      ) : null}
      {type === "external" ? (
        <Field label={t("hc.command")} error={e("command")} name="healthCheck.command" className="col-span-4">
          <input {...register(f("command"))} className="font-mono" placeholder="/usr/local/bin/check %h %p" />
        </Field>
      ) : null}
    </fieldset>
  );
}
