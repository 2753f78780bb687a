"use client";
import { useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import type { KernelConnection } from "@shoal/core";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";

const LIMITS = [10, 100, 1000] as const;
const STATES = ["ESTABLISHED", "SYN_RECV", "FIN_WAIT", "TIME_WAIT", "CLOSE_WAIT", "NONE", "UDP"] as const;

function endpoint(address: string, port: number): string {
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}

/** ipvsadm -Lcn prints the expiry as mm:ss. */
function expiry(s: number): string {
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

interface Asked {
  directorId: string;
  query: { service?: string; dest?: string; client?: string; state?: string; limit: number };
}

/**
 * The director's connection table (ipvsadm -Lcn), read on demand by its agent: filters and the
 * top N are applied on the director, so a busy table never crosses the network whole.
 */
export function ConnectionsPanel({ clusterId, service }: { clusterId: string; service?: string | null }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const directors = useQuery(trpc.director.list.queryOptions({ clusterId }));
  const [directorId, setDirectorId] = useState("");
  const [asked, setAsked] = useState<Asked | null>(null);
  const list = useQuery({
    ...trpc.telemetry.connections.queryOptions(asked ? { clusterId, directorId: asked.directorId, query: asked.query } : { clusterId, directorId: "", query: {} }),
    enabled: asked !== null,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
  const chosen = directorId || directors.data?.[0]?.id || "";

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => {
      const v = String(f.get(k) ?? "").trim();
      return v ? { [k]: v } : {};
    };
    const next: Asked = { directorId: chosen, query: { ...text("service"), ...text("dest"), ...text("client"), ...text("state"), limit: Number(f.get("limit") ?? 100) } };
    // The same filters again: a fresh read of the table, not the cached answer.
    if (JSON.stringify(next) === JSON.stringify(asked)) void list.refetch();
    else setAsked(next);
  };

  if (directors.data && directors.data.length === 0) {
    return (
      <section className="panel" data-testid="monitor-conns">
        <div className="panel-title">{t("mon.conns")}</div>
        <p className="text-sm text-slate-500">{t("mon.conns.noDirector")}</p>
      </section>
    );
  }

  const rows: KernelConnection[] = list.data?.connections ?? [];
  return (
    <section className="panel flex flex-col gap-2" data-testid="monitor-conns">
      <div className="panel-title">{t("mon.conns")}</div>
      <p className="text-xs text-slate-500">{t("mon.conns.hint")}</p>
      <form className="flex flex-wrap items-end gap-2 text-sm" onSubmit={submit} data-testid="monitor-conns-form">
        <label className="flex flex-col">
          {t("mon.conns.director")}
          <select value={chosen} onChange={(e) => setDirectorId(e.target.value)} data-testid="monitor-conns-director">
            {(directors.data ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          {t("mon.conns.service")}
          <input name="service" defaultValue={service ?? ""} placeholder="tcp 10.0.0.1:80" data-testid="monitor-conns-service" />
        </label>
        <label className="flex flex-col">
          {t("mon.conns.dest")}
          <input name="dest" placeholder="10.0.1.1:80" data-testid="monitor-conns-dest" />
        </label>
        <label className="flex flex-col">
          {t("mon.conns.client")}
          <input name="client" placeholder="192.0.2.10" data-testid="monitor-conns-client" />
        </label>
        <label className="flex flex-col">
          {t("mon.conns.state")}
          <select name="state" defaultValue="" data-testid="monitor-conns-state">
            <option value="">{t("mon.conns.any")}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          {t("mon.conns.limit")}
          <select name="limit" defaultValue="100" data-testid="monitor-conns-limit">
            {LIMITS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn" disabled={!chosen || list.isFetching} data-testid="monitor-conns-fetch">
          {list.isFetching ? t("mon.conns.fetching") : t("mon.conns.fetch")}
        </button>
      </form>
      {list.error ? <ErrorNotice error={list.error} testId="monitor-conns-error" /> : null}
      {list.data ? (
        <>
          <p className="text-xs text-slate-600" data-testid="monitor-conns-total" data-total={list.data.total}>
            {t("mon.conns.total", { shown: rows.length, total: list.data.total, at: new Date(list.data.t).toLocaleTimeString() })}
          </p>
          {rows.length ? (
            <table data-testid="monitor-conns-table">
              <thead>
                <tr>
                  <th>{t("mon.conns.col.protocol")}</th>
                  <th>{t("mon.conns.col.expires")}</th>
                  <th>{t("mon.conns.col.state")}</th>
                  <th>{t("mon.conns.col.client")}</th>
                  <th>{t("mon.conns.col.virtual")}</th>
                  <th>{t("mon.conns.col.dest")}</th>
                </tr>
              </thead>
              <tbody className="font-mono text-xs">
                {rows.map((c, i) => (
                  <tr key={i} data-testid="monitor-conn">
                    <td>{c.protocol.toUpperCase()}</td>
                    <td>{expiry(c.expiresInSeconds)}</td>
                    <td>{c.state}</td>
                    <td>{endpoint(c.clientAddress, c.clientPort)}</td>
                    <td>{endpoint(c.virtualAddress, c.virtualPort)}</td>
                    <td>{endpoint(c.destAddress, c.destPort)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="text-sm text-slate-500">{t("mon.conns.none")}</p>
          )}
        </>
      ) : null}
    </section>
  );
}
