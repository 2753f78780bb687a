"use client";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { DIRECTOR_ROLES, Director } from "@shoal/core/model/index";
import { explainZodError } from "@shoal/core/validate/index";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import { useCanEdit } from "~/components/session.tsx";
import { Field } from "~/components/field.tsx";
import { PageHeader } from "~/components/page-header.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";
import { diagnosticsOf } from "~/lib/errors.ts";
import { group, type FieldDiagnostics } from "~/features/forms/validate.ts";
import { useFieldErrors } from "~/features/forms/use-field-errors.ts";
import { TokenOnce } from "./token-once.tsx";

interface Values {
  name: string;
  managementAddress: string;
  publicInterface: string;
  privateInterface: string;
  publicAddress: string;
  privateAddress: string;
  role: "primary" | "backup";
}
const opt = (s: string) => (s.trim() === "" ? undefined : s.trim());

/** Directors of the cluster, what their agents last reported, and enrollment. */
export function DirectorsPage({ clusterId }: { clusterId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canEdit = useCanEdit();
  const list = useQuery({ ...trpc.director.list.queryOptions({ clusterId }), refetchInterval: 10_000 });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.director.list.queryKey({ clusterId }) });
  const [token, setToken] = useState<{ name: string; token: string } | null>(null);
  const [adding, setAdding] = useState(false);
  /** The director being edited (its id and the version the edit is based on), or null. */
  const [editing, setEditing] = useState<{ id: string; version: number; name: string } | null>(null);
  const [diags, setDiags] = useState<FieldDiagnostics>(new Map());
  const err = useFieldErrors(diags);
  const form = useForm<Values>({
    defaultValues: { name: "", managementAddress: "", publicInterface: "eth0", privateInterface: "", publicAddress: "", privateAddress: "", role: "primary" },
  });
  const create = useMutation(
    trpc.director.create.mutationOptions({
      onSuccess: (res) => {
        setToken({ name: res.director.name, token: res.enrollmentToken });
        setAdding(false);
        form.reset();
        return refresh();
      },
      onError: (e) =>
        setDiags(
          group(
            diagnosticsOf(e).map((d) => ({ ...d, path: d.path?.[0] === "data" ? d.path.slice(1) : d.path })),
            [],
          ),
        ),
    }),
  );
  const update = useMutation(
    trpc.director.update.mutationOptions({
      onSuccess: () => {
        setEditing(null);
        form.reset();
        return refresh();
      },
      onError: (e) =>
        setDiags(
          group(
            diagnosticsOf(e).map((d) => ({ ...d, path: d.path?.[0] === "data" ? d.path.slice(1) : d.path })),
            [],
          ),
        ),
    }),
  );
  const rotate = useMutation(trpc.director.rotateToken.mutationOptions());
  const remove = useMutation(trpc.director.delete.mutationOptions({ onSettled: refresh }));

  const submit = form.handleSubmit((v) => {
    const raw = {
      name: v.name.trim(),
      managementAddress: v.managementAddress.trim(),
      publicInterface: v.publicInterface.trim() || "eth0",
      privateInterface: opt(v.privateInterface),
      publicAddress: opt(v.publicAddress),
      privateAddress: opt(v.privateAddress),
      role: v.role,
    };
    const p = Director.safeParse(raw);
    if (!p.success) return setDiags(group(explainZodError(p.error, raw), []));
    setDiags(new Map());
    if (editing) update.mutate({ id: editing.id, version: editing.version, data: p.data });
    else create.mutate({ clusterId, data: p.data });
  });
  const closeForm = () => {
    setAdding(false);
    setEditing(null);
    setDiags(new Map());
    form.reset({ name: "", managementAddress: "", publicInterface: "eth0", privateInterface: "", publicAddress: "", privateAddress: "", role: "primary" });
  };
  const saving = editing ? update : create;
  const r = form.register;

  return (
    <div className="flex flex-col gap-3">
      <PageHeader title={t("dir.title")}>
        {canEdit ? (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              closeForm();
              setAdding(true);
            }}
            data-testid="director-add"
          >
            {t("dir.add")}
          </button>
        ) : null}
      </PageHeader>
      {token ? <TokenOnce name={token.name} token={token.token} onClose={() => setToken(null)} /> : null}
      {adding || editing ? (
        <form onSubmit={submit} className="panel grid grid-cols-2 gap-3 p-3 md:grid-cols-4" noValidate data-testid="director-form">
          {editing ? <h2 className="col-span-2 text-sm font-semibold md:col-span-4">{t("dir.editing", { name: editing.name })}</h2> : null}
          <Field label={t("dir.name")} error={err("name")} name="name">
            <input {...r("name")} />
          </Field>
          <Field label={t("dir.managementAddress")} error={err("managementAddress")} name="managementAddress">
            <input {...r("managementAddress")} className="font-mono" />
          </Field>
          <Field label={t("dir.role")} error={err("role")} name="role">
            <select {...r("role")}>
              {DIRECTOR_ROLES.map((x) => (
                <option key={x} value={x}>
                  {t(`dir.role.${x}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("dir.publicInterface")} error={err("publicInterface")} name="publicInterface">
            <input {...r("publicInterface")} />
          </Field>
          <Field label={t("dir.publicAddress")} error={err("publicAddress")} name="publicAddress">
            <input {...r("publicAddress")} className="font-mono" placeholder="192.0.2.2/24" />
          </Field>
          <Field label={t("dir.privateInterface")} error={err("privateInterface")} name="privateInterface">
            <input {...r("privateInterface")} />
          </Field>
          <Field label={t("dir.privateAddress")} error={err("privateAddress")} name="privateAddress">
            <input {...r("privateAddress")} className="font-mono" placeholder="10.0.2.1/24" />
          </Field>
          <div className="flex items-end gap-2">
            <button type="submit" className="btn btn-primary" disabled={saving.isPending}>
              {editing ? t("common.save") : t("common.create")}
            </button>
            <button type="button" className="btn" onClick={closeForm}>
              {t("common.cancel")}
            </button>
          </div>
          {saving.isError && !diags.size ? (
            <div className="col-span-4">
              <ErrorNotice error={saving.error} />
            </div>
          ) : null}
        </form>
      ) : null}
      {list.isError ? <ErrorNotice error={list.error} /> : null}
      {remove.isError ? <ErrorNotice error={remove.error} /> : null}
      <div className="panel">
        <table data-testid="directors-table">
          <thead>
            <tr>
              <th>{t("dir.name")}</th>
              <th>{t("dir.role")}</th>
              <th>{t("dir.managementAddress")}</th>
              <th>{t("dir.publicInterface")}</th>
              <th>{t("dir.privateAddress")}</th>
              <th>{t("dir.agent")}</th>
              <th>{t("dir.lastSeen")}</th>
              <th>{t("dir.applied")}</th>
              <th>{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {(list.data ?? []).map((d) => (
              <tr key={d.id} data-testid="director-row">
                <td className="font-medium">{d.name}</td>
                <td>{t(`dir.role.${d.role}`)}</td>
                <td className="font-mono">{d.managementAddress}</td>
                <td>
                  {d.publicInterface}
                  {d.privateInterface ? ` / ${d.privateInterface}` : ""}
                </td>
                <td className="font-mono">{d.privateAddress ?? "–"}</td>
                <td className="text-xs">
                  {d.agent.agentVersion ?? "–"}
                  {d.agent.lastError ? (
                    <span className="ml-1 text-red-700" title={d.agent.lastError}>
                      ⚠ {d.agent.lastError}
                    </span>
                  ) : null}
                </td>
                <td className="text-xs">{d.agent.lastSeenAt ? new Date(d.agent.lastSeenAt).toLocaleString() : t("dir.never")}</td>
                <td>{d.agent.appliedRevision ?? "–"}</td>
                <td>
                  {canEdit ? (
                    <div className="flex gap-1">
                      <button
                        type="button"
                        className="btn py-0 text-xs"
                        data-testid="director-edit"
                        onClick={() => {
                          setAdding(false);
                          setDiags(new Map());
                          setEditing({ id: d.id, version: d.version, name: d.name });
                          form.reset({
                            name: d.name,
                            managementAddress: d.managementAddress,
                            publicInterface: d.publicInterface,
                            privateInterface: d.privateInterface ?? "",
                            publicAddress: d.publicAddress ?? "",
                            privateAddress: d.privateAddress ?? "",
                            role: d.role,
                          });
                        }}
                      >
                        {t("common.edit")}
                      </button>
                      <button
                        type="button"
                        className="btn py-0 text-xs"
                        onClick={async () => {
                          const res = await rotate.mutateAsync({ id: d.id });
                          setToken({ name: d.name, token: res.enrollmentToken });
                        }}
                      >
                        {t("dir.newToken")}
                      </button>
                      <button
                        type="button"
                        className="btn btn-danger py-0 text-xs"
                        onClick={() => window.confirm(t("common.confirmDelete", { what: d.name })) && remove.mutate({ id: d.id, version: d.version })}
                      >
                        {t("common.delete")}
                      </button>
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.data?.length === 0 ? <p className="p-3 text-sm text-slate-500">{t("common.noData")}</p> : null}
      </div>
    </div>
  );
}
