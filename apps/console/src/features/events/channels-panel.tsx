"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/provider.tsx";
import { useCanEdit, useSession } from "~/components/session.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";
import { useS } from "./use-s.ts";

type Type = "webhook" | "slack" | "email" | "alertmanager";

/** Channels with their last success and failure; admins add them, operators send a test. */
export function ChannelsPanel() {
  const s = useS();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const admin = useSession().role === "admin";
  const canEdit = useCanEdit();
  const channels = useQuery({ ...trpc.alert.channels.queryOptions(), refetchInterval: 2000 });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.alert.channels.queryKey() });
  const [f, setF] = useState({
    name: "",
    type: "webhook" as Type,
    locale: "en" as "en" | "zh-CN",
    url: "",
    token: "",
    host: "",
    port: "587",
    user: "",
    password: "",
    from: "",
    to: "",
    starttls: true,
  });
  const create = useMutation(trpc.alert.createChannel.mutationOptions({ onSuccess: () => void refresh() }));
  const del = useMutation(trpc.alert.deleteChannel.mutationOptions({ onSuccess: () => void refresh() }));
  const test = useMutation(trpc.alert.testChannel.mutationOptions({ onSuccess: () => void refresh() }));
  const submit = () => {
    const base = { name: f.name, locale: f.locale };
    if (f.type === "webhook") create.mutate({ ...base, type: "webhook", config: { url: f.url }, secrets: f.token ? { token: f.token } : {} });
    if (f.type === "alertmanager") create.mutate({ ...base, type: "alertmanager", config: { url: f.url }, secrets: f.token ? { token: f.token } : {} });
    if (f.type === "slack") create.mutate({ ...base, type: "slack", config: {}, secrets: { url: f.url } });
    if (f.type === "email")
      create.mutate({
        ...base,
        type: "email",
        config: {
          host: f.host,
          port: Number(f.port),
          secure: f.port === "465",
          starttls: f.starttls,
          ...(f.user ? { user: f.user } : {}),
          from: f.from,
          to: f.to
            .split(",")
            .map((x) => x.trim())
            .filter(Boolean),
          allowInvalidCert: false,
        },
        secrets: f.password ? { password: f.password } : {},
      });
  };
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  return (
    <section className="panel">
      <div className="panel-title">{s("channels")}</div>
      <table data-testid="channels-table">
        <thead>
          <tr>
            <th>{s("name")}</th>
            <th>{s("type")}</th>
            <th>{s("locale")}</th>
            <th>{s("lastOk")}</th>
            <th>{s("lastFail")}</th>
            <th>{s("pending")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(channels.data ?? []).map((c) => (
            <tr key={c.id} data-testid="channel-row" data-name={c.name}>
              <td>{c.name}</td>
              <td className="text-xs">{c.type}</td>
              <td className="text-xs">{c.locale}</td>
              <td className="font-mono text-xs" data-testid="channel-ok">
                {c.lastSuccessAt ? new Date(c.lastSuccessAt).toLocaleString() : "–"}
              </td>
              <td className="max-w-xs text-xs text-red-700" data-testid="channel-error">
                {c.lastFailureAt ? `${new Date(c.lastFailureAt).toLocaleString()}: ${c.lastError ?? ""}` : "–"}
              </td>
              <td className="text-xs">{c.pending}</td>
              <td className="whitespace-nowrap">
                {canEdit ? (
                  <button type="button" className="btn" onClick={() => test.mutate({ id: c.id })} data-testid="channel-test">
                    {s("test")}
                  </button>
                ) : null}
                {admin ? (
                  <button type="button" className="btn btn-danger ml-1" onClick={() => del.mutate({ id: c.id })}>
                    {s("del")}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {test.isSuccess ? (
        <p className="px-3 text-xs text-slate-600">
          {s("testQueued")} #{test.data.deliveryId}
        </p>
      ) : null}
      {admin ? (
        <div className="flex flex-wrap items-end gap-2 border-t border-slate-200 p-2 text-sm">
          <input placeholder={s("name")} value={f.name} onChange={set("name")} data-testid="channel-name" />
          <select value={f.type} onChange={set("type")} data-testid="channel-type">
            <option value="webhook">webhook (JSON)</option>
            <option value="slack">Slack / Mattermost</option>
            <option value="email">e-mail (SMTP)</option>
            <option value="alertmanager">Alertmanager</option>
          </select>
          <select value={f.locale} onChange={set("locale")}>
            <option value="en">English</option>
            <option value="zh-CN">中文</option>
          </select>
          {f.type !== "email" ? (
            <input className="w-80" placeholder={f.type === "slack" ? s("slackUrl") : s("url")} value={f.url} onChange={set("url")} data-testid="channel-url" />
          ) : null}
          {f.type === "webhook" || f.type === "alertmanager" ? (
            <input type="password" placeholder={s("token")} value={f.token} onChange={set("token")} autoComplete="new-password" />
          ) : null}
          {f.type === "email" ? (
            <>
              <input placeholder={s("smtpHost")} value={f.host} onChange={set("host")} />
              <input className="w-16" placeholder={s("smtpPort")} value={f.port} onChange={set("port")} />
              <input placeholder={s("smtpUser")} value={f.user} onChange={set("user")} />
              <input type="password" placeholder={s("smtpPass")} value={f.password} onChange={set("password")} autoComplete="new-password" />
              <input placeholder={s("from")} value={f.from} onChange={set("from")} />
              <input placeholder={s("to")} value={f.to} onChange={set("to")} />
              <label className="flex items-center gap-1">
                <input type="checkbox" checked={f.starttls} onChange={(e) => setF({ ...f, starttls: e.target.checked })} />
                {s("starttls")}
              </label>
            </>
          ) : null}
          <button type="button" className="btn btn-primary" onClick={submit} disabled={create.isPending} data-testid="channel-add">
            {s("add")}
          </button>
        </div>
      ) : (
        <p className="px-3 py-2 text-xs text-slate-500">{s("adminOnly")}</p>
      )}
      {create.isError ? <ErrorNotice error={create.error} testId="channel-error-notice" /> : null}
    </section>
  );
}
