"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { EVENT_KINDS, KINDS, type EventKind, type EventSeverity } from "@shoal/core/events/index";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import { useCanEdit } from "~/components/session.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";
import { useS } from "./use-s.ts";

/** Alert rules: which events, how long to wait, how often to repeat, whether to send the resolution. */
export function RulesPanel({ clusterId }: { clusterId: string }) {
  const s = useS();
  const { m } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canEdit = useCanEdit();
  const rules = useQuery(trpc.alert.rules.queryOptions());
  const channels = useQuery(trpc.alert.channels.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.alert.rules.queryKey() });
  const [name, setName] = useState("");
  const [kinds, setKinds] = useState<EventKind[]>([]);
  const [minSeverity, setMinSeverity] = useState<EventSeverity>("warning");
  const [onlyHere, setOnlyHere] = useState(true);
  const [service, setService] = useState("");
  const [wait, setWait] = useState("30");
  const [repeat, setRepeat] = useState("3600");
  const [sendResolved, setSendResolved] = useState(true);
  const [channelIds, setChannelIds] = useState<string[]>([]);
  const create = useMutation(trpc.alert.createRule.mutationOptions({ onSuccess: () => void refresh() }));
  const del = useMutation(trpc.alert.deleteRule.mutationOptions({ onSuccess: () => void refresh() }));
  const names = new Map((channels.data ?? []).map((c) => [c.id, c.name]));
  return (
    <section className="panel">
      <div className="panel-title">{s("rules")}</div>
      <table data-testid="rules-table">
        <thead>
          <tr>
            <th>{s("name")}</th>
            <th>{s("kind")}</th>
            <th>{s("minSeverity")}</th>
            <th>{s("service")}</th>
            <th>{s("wait")}</th>
            <th>{s("repeat")}</th>
            <th>{s("channelsOf")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(rules.data ?? []).map((r) => (
            <tr key={r.id} data-testid="rule-row" data-name={r.name}>
              <td>{r.name}</td>
              <td className="text-xs">{r.kinds.length ? r.kinds.map((k) => m(KINDS[k])).join(", ") : s("allKinds")}</td>
              <td className="text-xs">{r.minSeverity}</td>
              <td className="font-mono text-xs">{r.service ?? "–"}</td>
              <td className="text-xs">{r.waitSeconds}</td>
              <td className="text-xs">{r.repeatSeconds}</td>
              <td className="text-xs">{r.channelIds.map((id) => names.get(id) ?? id).join(", ")}</td>
              <td>
                {canEdit ? (
                  <button type="button" className="btn btn-danger" onClick={() => del.mutate({ id: r.id })}>
                    {s("del")}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canEdit ? (
        <div className="flex flex-col gap-2 border-t border-slate-200 p-2 text-sm">
          <div className="flex flex-wrap items-end gap-2">
            <input placeholder={s("name")} value={name} onChange={(e) => setName(e.target.value)} data-testid="rule-name" />
            <label className="flex flex-col">
              {s("minSeverity")}
              <select value={minSeverity} onChange={(e) => setMinSeverity(e.target.value as EventSeverity)} data-testid="rule-severity">
                <option value="info">info</option>
                <option value="warning">warning</option>
                <option value="critical">critical</option>
              </select>
            </label>
            <label className="flex items-center gap-1">
              <input type="checkbox" checked={onlyHere} onChange={(e) => setOnlyHere(e.target.checked)} />
              {s("cluster")}
            </label>
            <input placeholder={`${s("service")} (tcp 10.0.1.100:80)`} value={service} onChange={(e) => setService(e.target.value)} data-testid="rule-service" />
            <label className="flex flex-col">
              {s("wait")}
              <input className="w-20" value={wait} onChange={(e) => setWait(e.target.value)} data-testid="rule-wait" />
            </label>
            <label className="flex flex-col">
              {s("repeat")}
              <input className="w-20" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
            </label>
            <label className="flex items-center gap-1">
              <input type="checkbox" checked={sendResolved} onChange={(e) => setSendResolved(e.target.checked)} />
              {s("sendResolved")}
            </label>
          </div>
          <fieldset className="flex flex-wrap gap-2 text-xs">
            <legend>{s("kinds")}</legend>
            {EVENT_KINDS.map((k) => (
              <label key={k} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  checked={kinds.includes(k)}
                  onChange={(e) => setKinds(e.target.checked ? [...kinds, k] : kinds.filter((x) => x !== k))}
                  data-testid={`rule-kind-${k}`}
                />
                {m(KINDS[k])}
              </label>
            ))}
          </fieldset>
          <fieldset className="flex flex-wrap gap-2 text-xs">
            <legend>{s("channelsOf")}</legend>
            {(channels.data ?? []).length ? null : <span>{s("noChannel")}</span>}
            {(channels.data ?? []).map((c) => (
              <label key={c.id} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  checked={channelIds.includes(c.id)}
                  onChange={(e) => setChannelIds(e.target.checked ? [...channelIds, c.id] : channelIds.filter((x) => x !== c.id))}
                  data-testid={`rule-channel-${c.name}`}
                />
                {c.name}
              </label>
            ))}
          </fieldset>
          <button
            type="button"
            className="btn btn-primary self-start"
            data-testid="rule-add"
            disabled={create.isPending}
            onClick={() =>
              create.mutate({
                name,
                kinds,
                minSeverity,
                clusterId: onlyHere ? clusterId : null,
                service: service.trim() || null,
                waitSeconds: Number(wait),
                repeatSeconds: Number(repeat),
                sendResolved,
                channelIds,
                enabled: true,
              })
            }
          >
            {s("add")}
          </button>
          {create.isError ? <ErrorNotice error={create.error} testId="rule-error" /> : null}
        </div>
      ) : null}
    </section>
  );
}
