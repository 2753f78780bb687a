"use client";
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import { Field } from "~/components/field.tsx";
import { Notice } from "~/components/notice.tsx";

export function LoginForm() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      // A full navigation, so the server layout sees the new session cookie.
      onSuccess: () => window.location.assign(new URLSearchParams(window.location.search).get("next") ?? "/"),
    }),
  );
  return (
    <form
      method="post"
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        login.mutate({ username, password });
      }}
    >
      <Field label={t("login.username")}>
        <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
      </Field>
      <Field label={t("login.password")}>
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </Field>
      {login.isError ? <Notice tone="error">{t("login.failed")}</Notice> : null}
      <button className="btn btn-primary justify-center" type="submit" disabled={login.isPending}>
        {t("login.submit")}
      </button>
    </form>
  );
}
