"use client";
import { useState } from "react";
import type { RealServerInput, VirtualServiceInput } from "@shoal/core/model/index";
import type { Diagnostic } from "@shoal/core/diagnostics";
import { formatHostPort } from "@shoal/core/model/address";
import { useI18n } from "~/i18n/client.tsx";
import { useCanEdit } from "~/components/session.tsx";
import { RealServerForm } from "./real-server-form.tsx";

/** drainedWeight: the weight before a drain through the console, restored by undrain. */
export type RealServerRow = RealServerInput & { id: string; version?: number; drainedWeight?: number | null };

export interface RealServerActions {
  create: (rs: RealServerInput) => Promise<Diagnostic[] | void>;
  update: (row: RealServerRow, rs: RealServerInput) => Promise<Diagnostic[] | void>;
  remove: (row: RealServerRow) => Promise<void>;
  setEnabled: (row: RealServerRow, enabled: boolean) => Promise<void>;
  /** Weight 0: no new connections, existing ones finish (quiesce). */
  drain: (row: RealServerRow, drained: boolean) => Promise<void>;
}

export function RealServersPanel({ service, rows, actions }: { service: VirtualServiceInput; rows: RealServerRow[]; actions: RealServerActions }) {
  const { t } = useI18n();
  const canEdit = useCanEdit();
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const others = (id: string | null) => rows.filter((r) => r.id !== id);
  const close = () => setEditing(null);

  return (
    <section className="panel" data-testid="real-servers">
      <div className="panel-title flex items-center justify-between">
        <span>{t("rs.title")}</span>
        {canEdit ? (
          <button type="button" className="btn py-0.5 text-xs" onClick={() => setEditing("new")} data-testid="rs-add">
            {t("rs.add")}
          </button>
        ) : null}
      </div>
      <table>
        <thead>
          <tr>
            <th>{t("rs.address")}</th>
            <th>{t("rs.name")}</th>
            <th>{t("rs.forwarding")}</th>
            <th>{t("rs.weight")}</th>
            <th>-x / -y</th>
            <th>{t("rs.status")}</th>
            <th>{t("common.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <RealServerRowView key={r.id} row={r} editing={editing === r.id} canEdit={canEdit} onEdit={() => setEditing(r.id)} actions={actions}>
              <RealServerForm
                service={service}
                others={others(r.id)}
                initial={r}
                onCancel={close}
                onSubmit={async (v) => {
                  const d = await actions.update(r, v);
                  if (!d?.length) close();
                  return d;
                }}
              />
            </RealServerRowView>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="p-3 text-sm text-slate-500">{t("rs.none")}</p> : null}
      {editing === "new" ? (
        <RealServerForm
          service={service}
          others={rows}
          onCancel={close}
          onSubmit={async (v) => {
            const d = await actions.create(v);
            if (!d?.length) close();
            return d;
          }}
        />
      ) : null}
    </section>
  );
}

function RealServerRowView({
  row,
  editing,
  canEdit,
  onEdit,
  actions,
  children,
}: {
  row: RealServerRow;
  editing: boolean;
  canEdit: boolean;
  onEdit: () => void;
  actions: RealServerActions;
  children: React.ReactNode;
}) {
  const { t } = useI18n();
  const enabled = row.enabled ?? true;
  const drained = (row.weight ?? 1) === 0;
  return (
    <>
      <tr data-testid="rs-row" data-address={row.address}>
        <td className="font-mono">{formatHostPort(row.address, row.port)}</td>
        <td>{row.name ?? ""}</td>
        <td>{t(`fwd.${row.forwarding ?? "route"}`)}</td>
        <td>{row.weight ?? 1}</td>
        <td>
          {row.upperThreshold ?? 0} / {row.lowerThreshold ?? 0}
        </td>
        <td>
          {!enabled ? (
            <span className="badge bg-slate-200 text-slate-600">{t("common.disabled")}</span>
          ) : drained ? (
            <span className="badge bg-amber-100 text-amber-800" data-testid="rs-drained">
              {row.drainedWeight ? t("rs.drainedFrom", { weight: row.drainedWeight }) : t("rs.drained")}
            </span>
          ) : (
            <span className="badge bg-emerald-100 text-emerald-800">{t("common.enabled")}</span>
          )}
        </td>
        <td className="whitespace-nowrap">
          {canEdit ? (
            <div className="flex gap-1">
              <button type="button" className="btn py-0 text-xs" onClick={onEdit}>
                {t("common.edit")}
              </button>
              <button type="button" className="btn py-0 text-xs" onClick={() => void actions.setEnabled(row, !enabled)}>
                {enabled ? t("rs.disable") : t("rs.enable")}
              </button>
              <button type="button" className="btn py-0 text-xs" onClick={() => void actions.drain(row, !drained)}>
                {drained ? t("rs.undrain") : t("rs.drain")}
              </button>
              <button
                type="button"
                className="btn btn-danger py-0 text-xs"
                onClick={() => {
                  if (window.confirm(t("common.confirmDelete", { what: formatHostPort(row.address, row.port) }))) void actions.remove(row);
                }}
              >
                {t("common.delete")}
              </button>
            </div>
          ) : null}
        </td>
      </tr>
      {editing ? (
        <tr>
          <td colSpan={7} className="p-0">
            {children}
          </td>
        </tr>
      ) : null}
    </>
  );
}
