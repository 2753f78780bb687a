"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Diagnostic } from "@shoal/core/diagnostics";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import { useCanEdit } from "~/components/session.tsx";
import { Field } from "~/components/field.tsx";
import { Notice } from "~/components/notice.tsx";
import { PageHeader } from "~/components/page-header.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";
import { detectFormat, type ImportFormat } from "./detect.ts";

const FORMATS: ImportFormat[] = ["ipvsadm", "keepalived", "lvscf", "backup"];
const formatKey = { ipvsadm: "import.format.ipvsadm", keepalived: "import.format.keepalived", lvscf: "import.format.lvscf", backup: "import.format.json" } as const;

/**
 * Nothing changes until the operator has seen the preview (what would be created, every invalid
 * or unsupported part by line) and confirmed; the result replaces this cluster's draft.
 */
export function ImportPage({ clusterId }: { clusterId: string }) {
  const { t, m } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const canEdit = useCanEdit();
  const [text, setText] = useState("");
  const [format, setFormat] = useState<ImportFormat | "auto">("auto");
  const cluster = useQuery(trpc.cluster.get.queryOptions({ id: clusterId }));
  const chosen: ImportFormat | undefined = format === "auto" ? detectFormat(text) : format;
  const preview = useMutation(trpc.import.preview.mutationOptions());
  const apply = useMutation(
    trpc.import.commit.mutationOptions({
      onSuccess: async () => {
        await qc.invalidateQueries();
        router.push(`/c/${clusterId}/revisions`);
      },
    }),
  );
  const p = preview.data;
  const problems: Diagnostic[] = p ? [...p.errors, ...p.warnings, ...p.diagnostics] : [];
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

  return (
    <div className="flex flex-col gap-3">
      <PageHeader title={t("import.title")} />
      <p className="text-sm text-slate-600">{t("import.intro")}</p>
      <div className="panel flex flex-col gap-3 p-3">
        <div className="flex flex-wrap items-end gap-3">
          <Field label={t("import.format")}>
            <select value={format} onChange={(e) => setFormat(e.target.value as ImportFormat | "auto")} data-testid="import-format">
              <option value="auto">
                {t("import.format.auto")}
                {format === "auto" && chosen ? `: ${t(formatKey[chosen])}` : ""}
              </option>
              {FORMATS.map((f) => (
                <option key={f} value={f}>
                  {t(formatKey[f])}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("import.file")}>
            <input
              type="file"
              data-testid="import-file"
              onChange={async (e) => {
                const f = e.target.files?.[0];
                if (f) setText(await f.text());
              }}
            />
          </Field>
        </div>
        <Field label={t("import.text")}>
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={14} className="font-mono text-xs" data-testid="import-text" spellCheck={false} />
        </Field>
        <div className="flex gap-2">
          <button
            type="button"
            className="btn"
            disabled={!canEdit || !text.trim() || !chosen || preview.isPending}
            onClick={() => chosen && preview.mutate({ format: chosen, text })}
            data-testid="import-preview"
          >
            {t("import.preview")}
          </button>
        </div>
      </div>
      {preview.isError ? <ErrorNotice error={preview.error} /> : null}
      {p ? (
        <section className="panel" data-testid="import-result">
          <h2 className="panel-title">
            {t("import.result")}
            {p.counts ? `: ${p.counts.directors} ${t("overview.directors")}, ${p.counts.virtualServices} ${t("overview.services")}, ${p.counts.realServers} ${t("overview.realServers")}` : ""}
          </h2>
          <div className="p-3">
            <h3 className="mb-1 text-xs font-semibold uppercase text-slate-600">{t("import.problems")}</h3>
            {problems.length ? (
              <ul className="text-sm" data-testid="import-problems">
                {problems.map((d, i) => (
                  <li key={i} className={d.severity === "error" ? "text-red-700" : "text-amber-800"}>
                    {d.line !== undefined ? <span className="mr-1 font-mono">{t("import.line", { n: d.line })}:</span> : null}
                    {d.path?.length && d.line === undefined ? <code className="mr-1">{d.path.join(".")}</code> : null}
                    {m(d.message)}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-emerald-700">{t("import.noProblems")}</p>
            )}
            {p.ok && canEdit && cluster.data ? (
              <button
                type="button"
                className="btn btn-primary mt-3"
                disabled={apply.isPending}
                data-testid="import-confirm"
                onClick={() => chosen && apply.mutate({ format: chosen, text, target: { kind: "replace", clusterId, version: cluster.data.version } })}
              >
                {t("import.confirm")}
              </button>
            ) : null}
            {apply.isError ? <ErrorNotice error={apply.error} /> : null}
            {apply.isSuccess ? <Notice tone="ok">{t("import.done")}</Notice> : null}
          </div>
        </section>
      ) : null}
    </div>
  );
}
