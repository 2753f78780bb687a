"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import { useCanEdit } from "~/components/session.tsx";
import { PageHeader } from "~/components/page-header.tsx";
import { Notice } from "~/components/notice.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";
import { errorCode } from "~/lib/errors.ts";
import { ChangeList } from "./change-list.tsx";
import { ApplyDialog } from "./apply-dialog.tsx";
import { TokenOnce } from "~/features/directors/token-once.tsx";

/** Draft vs. applied, Apply with a preview, history, restore an earlier revision as the draft. */
export function RevisionsPage({ clusterId }: { clusterId: string }) {
  const { t, m } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canEdit = useCanEdit();
  const preview = useQuery(trpc.revision.preview.queryOptions({ clusterId }));
  const list = useQuery(trpc.revision.list.queryOptions({ clusterId }));
  const [open, setOpen] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Directors the restored revision re-created get new enrollment tokens: shown once, like adding one.
  const [tokens, setTokens] = useState<{ id: string; name: string; token: string }[]>([]);
  const detail = useQuery({ ...trpc.revision.get.queryOptions({ clusterId, number: selected ?? 1 }), enabled: selected !== null });
  const refresh = () => qc.invalidateQueries();
  const restore = useMutation(
    trpc.revision.restore.mutationOptions({
      onSuccess: (res) => {
        setNotice(t("rev.restored", { n: res.restoredFrom }));
        setTokens(res.createdDirectors);
        return refresh();
      },
    }),
  );
  const p = preview.data;

  return (
    <div className="flex flex-col gap-3">
      <PageHeader title={t("rev.title")}>
        {canEdit ? (
          <button type="button" className="btn btn-primary" onClick={() => setOpen(true)} disabled={!p} data-testid="apply-open">
            {t("rev.apply")}
          </button>
        ) : null}
      </PageHeader>
      {notice ? (
        <Notice tone="ok" testId="revision-notice">
          {notice}
        </Notice>
      ) : null}
      {tokens.map((d) => (
        <TokenOnce key={d.id} name={d.name} token={d.token} onClose={() => setTokens((all) => all.filter((x) => x.id !== d.id))} />
      ))}
      {restore.isError ? <ErrorNotice error={restore.error} /> : null}
      {open && p ? (
        <ApplyDialog
          clusterId={clusterId}
          preview={p}
          onClose={() => setOpen(false)}
          onApplied={(n) => {
            setOpen(false);
            setNotice(t("rev.appliedOk", { n }));
            void refresh();
          }}
        />
      ) : null}
      <section className="panel">
        <h2 className="panel-title">
          {t("rev.diff")}{" "}
          {p ? (
            <span className="font-normal text-slate-500">
              (+{p.summary.added} −{p.summary.removed} ~{p.summary.changed})
            </span>
          ) : null}
        </h2>
        {p ? <ChangeList changes={p.diff} testId="draft-diff" /> : <p className="p-3">{t("common.loading")}</p>}
        {p?.diagnostics.length ? (
          <ul className="border-t border-slate-200 p-3 text-sm" data-testid="draft-diagnostics">
            {p.diagnostics.map((d, i) => (
              <li key={i} className={d.severity === "error" ? "text-red-700" : "text-amber-800"}>
                {d.path?.length ? <code className="mr-1">{d.path.join(".")}</code> : null}
                {m(d.message)}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <section className="panel">
        <h2 className="panel-title">{t("rev.history")}</h2>
        <table data-testid="revisions-table">
          <thead>
            <tr>
              <th>{t("rev.number")}</th>
              <th>{t("common.when")}</th>
              <th>{t("rev.author")}</th>
              <th>{t("rev.message")}</th>
              <th>+ / − / ~</th>
              <th>{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {(list.data ?? []).map((r) => (
              <tr key={r.number} data-testid="revision-row" data-number={r.number}>
                <td className="font-mono">#{r.number}</td>
                <td className="text-xs">{new Date(r.createdAt).toLocaleString()}</td>
                <td>{r.author}</td>
                <td>{r.message}</td>
                <td className="font-mono text-xs">
                  {r.summary.added} / {r.summary.removed} / {r.summary.changed}
                </td>
                <td className="flex gap-1">
                  <button type="button" className="btn py-0 text-xs" onClick={() => setSelected(selected === r.number ? null : r.number)}>
                    {t("rev.diff").split(" ")[0]}…
                  </button>
                  {canEdit ? (
                    <button
                      type="button"
                      className="btn py-0 text-xs"
                      data-testid="revision-restore"
                      onClick={() => window.confirm(`${t("rev.restore")}: #${r.number}?`) && restore.mutate({ clusterId, number: r.number })}
                    >
                      {t("rev.restore")}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.data?.length === 0 ? <p className="p-3 text-sm text-slate-500">{t("common.noData")}</p> : null}
      </section>
      {selected !== null && detail.data ? (
        <section className="panel">
          <h2 className="panel-title">
            {t("rev.number")} #{selected}
          </h2>
          <ChangeList changes={detail.data.diff} />
        </section>
      ) : null}
      {errorCode(restore.error) === "CONFLICT" ? <Notice tone="error">{t("rev.conflict")}</Notice> : null}
    </div>
  );
}
