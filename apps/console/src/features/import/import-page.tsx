"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Diagnostic } from "@shoal/core/diagnostics";
import type { DiagnosticGroup } from "@shoal/core/diagnostic-groups";
import type { DirectorProposal } from "@shoal/core/keepalived/directors";
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
  const { t } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const canEdit = useCanEdit();
  const [text, setText] = useState("");
  const [format, setFormat] = useState<ImportFormat | "auto">("auto");
  const [skipBadLines, setSkipBadLines] = useState(false);
  // The operator's answers for the directors the file names: create or not, and the address.
  const [answers, setAnswers] = useState<Record<string, { create: boolean; address: string }>>({});
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
  const groups: { list: ProblemList; g: DiagnosticGroup }[] = p
    ? (["errors", "skipped", "warnings", "diagnostics"] as const).flatMap((list) => p[list].groups.map((g) => ({ list, g })))
    : [];
  const proposals = p?.directors ?? [];
  const answerOf = (d: DirectorProposal) => answers[d.name] ?? { create: d.self, address: d.managementAddress ?? "" };
  const directors = proposals.length
    ? proposals.filter((d) => answerOf(d).create && answerOf(d).address.trim()).map((d) => ({ name: d.name, role: d.role, managementAddress: answerOf(d).address.trim() }))
    : undefined;
  const options = { directors, skipBadLines: skipBadLines || undefined };

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
            onClick={() => {
              setAnswers({});
              setSkipBadLines(false);
              if (chosen) preview.mutate({ format: chosen, text });
            }}
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
            {p.counts
              ? `: ${p.counts.directors} ${t("overview.directors")}, ${p.counts.virtualServices} ${t("overview.services")}, ${p.counts.realServers} ${t("overview.realServers")}`
              : ""}
          </h2>
          <div className="p-3">
            {proposals.length ? (
              <div className="mb-3" data-testid="import-directors">
                <h3 className="mb-1 text-xs font-semibold uppercase text-slate-600">{t("import.directors")}</h3>
                {proposals.map((d) => {
                  const a = answerOf(d);
                  const set = (x: Partial<typeof a>) => setAnswers({ ...answers, [d.name]: { ...a, ...x } });
                  return (
                    <div key={d.name} className="flex flex-wrap items-center gap-3 text-sm">
                      <label className="flex items-center gap-1">
                        <input type="checkbox" checked={a.create} onChange={(e) => set({ create: e.target.checked })} data-testid={`import-director-${d.name}`} />
                        {t("import.directorCreate", { name: d.name, role: d.role })}
                      </label>
                      <span className="text-slate-500">{d.from}</span>
                      <input
                        aria-label={t("import.directorAddress", { name: d.name })}
                        placeholder={t("import.directorAddress", { name: d.name })}
                        value={a.address}
                        onChange={(e) => set({ address: e.target.value })}
                        className="font-mono text-xs"
                      />
                    </div>
                  );
                })}
              </div>
            ) : null}
            <h3 className="mb-1 text-xs font-semibold uppercase text-slate-600">{t("import.problems")}</h3>
            {groups.length ? (
              <ul className="text-sm" data-testid="import-problems">
                {groups.map(({ list, g }) => (
                  <ProblemGroup key={`${list} ${g.severity} ${g.code}`} list={list} group={g} request={{ format: chosen!, text, ...options }} />
                ))}
              </ul>
            ) : (
              <p className="text-sm text-emerald-700">{t("import.noProblems")}</p>
            )}
            {p.canSkip ? (
              <label className="mt-2 flex items-center gap-1 text-sm">
                <input
                  type="checkbox"
                  checked={skipBadLines}
                  data-testid="import-skip-bad-lines"
                  onChange={(e) => {
                    setSkipBadLines(e.target.checked);
                    if (chosen) preview.mutate({ format: chosen, text, directors, skipBadLines: e.target.checked || undefined });
                  }}
                />
                {t("import.skipBadLines")}
              </label>
            ) : null}
            {p.ok && canEdit && cluster.data ? (
              <button
                type="button"
                className="btn btn-primary mt-3"
                disabled={apply.isPending}
                data-testid="import-confirm"
                onClick={() => chosen && apply.mutate({ format: chosen, text, ...options, target: { kind: "replace", clusterId, version: cluster.data.version } })}
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

type ProblemList = "errors" | "skipped" | "warnings" | "diagnostics";
const PAGE = 100;

/** One group of alike problems: its count and first examples, then pages of the rest on demand. */
function ProblemGroup({
  list,
  group,
  request,
}: {
  list: ProblemList;
  group: DiagnosticGroup;
  request: { format: ImportFormat; text: string; directors?: { name: string; role: "primary" | "backup"; managementAddress: string }[]; skipBadLines?: boolean };
}) {
  const { t, m } = useI18n();
  const trpc = useTRPC();
  const [more, setMore] = useState<Diagnostic[]>([]);
  const page = useMutation(trpc.import.problems.mutationOptions({ onSuccess: (r) => setMore((x) => [...x, ...r.items]) }));
  const shown = [...group.examples, ...more];
  const left = group.count - shown.length;
  const tone = group.severity === "error" ? "text-red-700" : "text-amber-800";
  return (
    <li className={tone}>
      {group.count > 1 ? <div className="font-semibold">{m(group.message)}</div> : null}
      <ul className={group.count > 1 ? "ml-4" : ""}>
        {shown.map((d, i) => (
          <li key={i}>
            {d.line !== undefined ? <span className="mr-1 font-mono">{t("import.line", { n: d.line })}:</span> : null}
            {d.path?.length && d.line === undefined ? <code className="mr-1">{d.path.join(".")}</code> : null}
            {m(d.message)}
          </li>
        ))}
      </ul>
      {left > 0 ? (
        <button
          type="button"
          className="btn ml-4 mt-1"
          disabled={page.isPending}
          onClick={() => page.mutate({ ...request, list, code: group.code, severity: group.severity, offset: shown.length, limit: PAGE })}
        >
          {t("import.more", { n: Math.min(PAGE, left) })}
        </button>
      ) : null}
    </li>
  );
}
