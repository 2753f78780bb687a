"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/provider.tsx";
import { useCanEdit } from "~/components/session.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";
import { useS } from "./use-s.ts";

/** Silences (per rule, this cluster, a service or a real server), each with an end and a reason. */
export function SilencesPanel({ clusterId }: { clusterId: string }) {
  const s = useS();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canEdit = useCanEdit();
  const silences = useQuery(trpc.alert.silences.queryOptions());
  const rules = useQuery(trpc.alert.rules.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.alert.silences.queryKey() });
  const [ruleId, setRuleId] = useState("");
  const [service, setService] = useState("");
  const [dest, setDest] = useState("");
  const [hours, setHours] = useState("2");
  const [reason, setReason] = useState("");
  const create = useMutation(trpc.alert.createSilence.mutationOptions({ onSuccess: () => void refresh() }));
  const end = useMutation(trpc.alert.endSilence.mutationOptions({ onSuccess: () => void refresh() }));
  const ruleName = new Map((rules.data ?? []).map((r) => [r.id, r.name]));
  return (
    <section className="panel">
      <div className="panel-title">{s("silences")}</div>
      <table data-testid="silences-table">
        <thead>
          <tr>
            <th>{s("rule")}</th>
            <th>{s("service")}</th>
            <th>{s("dest")}</th>
            <th>{s("endsAt")}</th>
            <th>{s("reason")}</th>
            <th>{s("by")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(silences.data ?? []).map((x) => (
            <tr key={x.id} data-testid="silence-row">
              <td className="text-xs">{x.ruleId ? (ruleName.get(x.ruleId) ?? x.ruleId) : s("anyRule")}</td>
              <td className="font-mono text-xs">{x.service ?? "–"}</td>
              <td className="font-mono text-xs">{x.dest ?? "–"}</td>
              <td className="font-mono text-xs">{new Date(x.endsAt).toLocaleString()}</td>
              <td className="text-xs">{x.reason}</td>
              <td className="text-xs">{x.createdBy ?? "–"}</td>
              <td>
                {canEdit ? (
                  <button type="button" className="btn" onClick={() => end.mutate({ id: x.id })}>
                    {s("endNow")}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canEdit ? (
        <div className="flex flex-wrap items-end gap-2 border-t border-slate-200 p-2 text-sm">
          <select value={ruleId} onChange={(e) => setRuleId(e.target.value)}>
            <option value="">{s("anyRule")}</option>
            {(rules.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
          <input placeholder={s("service")} value={service} onChange={(e) => setService(e.target.value)} />
          <input placeholder={s("dest")} value={dest} onChange={(e) => setDest(e.target.value)} data-testid="silence-dest" />
          <label className="flex flex-col">
            {s("endsAt")} (h)
            <input className="w-16" value={hours} onChange={(e) => setHours(e.target.value)} />
          </label>
          <input className="w-64" placeholder={s("reason")} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="silence-reason" />
          <button
            type="button"
            className="btn btn-primary"
            data-testid="silence-add"
            onClick={() =>
              create.mutate({
                ruleId: ruleId || null,
                clusterId,
                service: service.trim() || null,
                dest: dest.trim() || null,
                endsAt: new Date(Date.now() + Number(hours) * 3600_000).toISOString(),
                reason,
              })
            }
          >
            {s("add")}
          </button>
          {create.isError ? <ErrorNotice error={create.error} /> : null}
        </div>
      ) : null}
    </section>
  );
}
