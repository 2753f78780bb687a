"use client";
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import { Field } from "~/components/field.tsx";
import { Notice } from "~/components/notice.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";

export function SetupForm({ token: initialToken }: { token: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [token, setToken] = useState(initialToken);
  const [username, setUsername] = useState("admin");
  const [password, setPassword] = useState("");
  const [password2, setPassword2] = useState("");
  const setup = useMutation(trpc.setup.createAdmin.mutationOptions({ onSuccess: () => window.location.assign("/") }));
  const mismatch = password2.length > 0 && password !== password2;
  return (
    <form
      method="post"
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (!mismatch) setup.mutate({ token, username, password });
      }}
    >
      <Field label={t("setup.token")}>
        <input name="token" value={token} onChange={(e) => setToken(e.target.value)} required autoComplete="off" className="font-mono" />
      </Field>
      <Field label={t("setup.username")}>
        <input name="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="username" />
      </Field>
      <Field label={t("setup.password")}>
        <input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="new-password" />
      </Field>
      <Field label={t("setup.password2")} error={mismatch ? t("setup.mismatch") : undefined}>
        <input name="password2" type="password" value={password2} onChange={(e) => setPassword2(e.target.value)} required autoComplete="new-password" />
      </Field>
      {setup.isError ? <ErrorNotice error={setup.error} /> : null}
      <button className="btn btn-primary justify-center" type="submit" disabled={setup.isPending || mismatch}>
        {t("setup.submit")}
      </button>
      <Notice tone="info">
        <a className="underline" href="/login">
          {t("setup.done")}
        </a>
      </Notice>
    </form>
  );
}
