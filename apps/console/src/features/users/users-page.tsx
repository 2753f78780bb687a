"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import { Field } from "~/components/field.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";
import { PageHeader } from "~/components/page-header.tsx";
import { diagnosticsOf } from "~/lib/errors.ts";
import { useSession, type Role } from "~/components/session.tsx";

const ROLES: Role[] = ["viewer", "operator", "admin"];

/** Admin only (the API refuses others): accounts, roles, passwords. */
export function UsersPage() {
  const { t, m } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useSession();
  const users = useQuery(trpc.user.list.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.user.list.queryKey() });
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const create = useMutation(
    trpc.user.create.mutationOptions({
      onSuccess: () => {
        setUsername("");
        setPassword("");
        return refresh();
      },
    }),
  );
  const update = useMutation(trpc.user.update.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.user.delete.mutationOptions({ onSettled: refresh }));
  const setPw = useMutation(trpc.user.setPassword.mutationOptions());
  const fieldErr = (f: string) => {
    const d = diagnosticsOf(create.error).filter((x) => x.path?.[0] === f);
    return d.length ? d.map((x) => m(x.message)).join(" ") : undefined;
  };

  return (
    <div className="flex flex-col gap-3">
      <PageHeader title={t("users.title")} />
      {me.role === "admin" ? (
        <form
          method="post"
          className="panel flex flex-wrap items-end gap-3 p-3"
          data-testid="user-create"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ username, password, role });
          }}
        >
          <Field label={t("users.username")} error={fieldErr("username")} name="username">
            <input value={username} onChange={(e) => setUsername(e.target.value)} name="new-username" autoComplete="off" />
          </Field>
          <Field label={t("users.password")} error={fieldErr("password")} name="password">
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} name="new-password" autoComplete="new-password" />
          </Field>
          <Field label={t("users.role")} name="role">
            <select value={role} onChange={(e) => setRole(e.target.value as Role)} name="new-role">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`users.role.${r}`)}
                </option>
              ))}
            </select>
          </Field>
          <button className="btn btn-primary" type="submit" disabled={create.isPending}>
            {t("users.add")}
          </button>
        </form>
      ) : null}
      {create.isError && !fieldErr("username") && !fieldErr("password") ? <ErrorNotice error={create.error} /> : null}
      {update.isError ? <ErrorNotice error={update.error} /> : null}
      {remove.isError ? <ErrorNotice error={remove.error} /> : null}
      <div className="panel">
        <table>
          <thead>
            <tr>
              <th>{t("users.username")}</th>
              <th>{t("users.role")}</th>
              <th>{t("rs.status")}</th>
              <th>{t("users.created")}</th>
              <th>{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {(users.data ?? []).map((u) => (
              <tr key={u.id} data-testid="user-row" data-username={u.username}>
                <td>{u.username}</td>
                <td>
                  <select value={u.role} aria-label={t("users.role")} onChange={(e) => update.mutate({ id: u.id, version: u.version, role: e.target.value as Role })}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`users.role.${r}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{u.disabled ? t("common.disabled") : t("common.enabled")}</td>
                <td>{new Date(u.createdAt).toLocaleString()}</td>
                <td className="flex gap-1">
                  <button type="button" className="btn py-0 text-xs" onClick={() => update.mutate({ id: u.id, version: u.version, disabled: !u.disabled })}>
                    {u.disabled ? t("rs.enable") : t("rs.disable")}
                  </button>
                  <button
                    type="button"
                    className="btn py-0 text-xs"
                    onClick={() => {
                      const pw = window.prompt(t("users.resetPassword"));
                      if (pw) setPw.mutate({ id: u.id, password: pw });
                    }}
                  >
                    {t("users.resetPassword")}
                  </button>
                  {u.id !== me.id ? (
                    <button
                      type="button"
                      className="btn btn-danger py-0 text-xs"
                      onClick={() => window.confirm(t("common.confirmDelete", { what: u.username })) && remove.mutate({ id: u.id, version: u.version })}
                    >
                      {t("common.delete")}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
