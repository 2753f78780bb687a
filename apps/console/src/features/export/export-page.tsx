"use client";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import { PageHeader } from "~/components/page-header.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";
import { CopyButton } from "~/components/copy-button.tsx";

/** Zip per director or for the cluster (GET /api/export), and every file viewable and copyable. */
export function ExportPage({ clusterId }: { clusterId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const directors = useQuery(trpc.director.list.queryOptions({ clusterId }));
  const [directorId, setDirectorId] = useState<string | undefined>(undefined);
  const [name, setName] = useState<string | null>(null);
  const files = useQuery(trpc.export.files.queryOptions({ clusterId, directorId }));
  const file = useQuery({ ...trpc.export.file.queryOptions({ clusterId, directorId, name: name ?? "" }), enabled: name !== null });
  const zipHref = (d?: string) => `/api/export?cluster=${encodeURIComponent(clusterId)}${d ? `&director=${encodeURIComponent(d)}` : ""}`;

  return (
    <div className="flex flex-col gap-3">
      <PageHeader title={t("export.title")} />
      <p className="text-sm text-slate-600">{t("export.intro")}</p>
      <div className="flex flex-wrap gap-2">
        <a className="btn btn-primary" href={zipHref()} download data-testid="export-zip-cluster">
          {t("export.zipCluster")}
        </a>
        {(directors.data ?? []).map((d) => (
          <a key={d.id} className="btn" href={zipHref(d.id)} download data-testid="export-zip-director">
            {t("export.zipDirector", { name: d.name })}
          </a>
        ))}
      </div>
      <div className="grid grid-cols-[18rem_1fr] gap-3">
        <section className="panel">
          <div className="panel-title flex items-center justify-between gap-2">
            <span>{t("export.files")}</span>
            <select
              value={directorId ?? ""}
              onChange={(e) => {
                setDirectorId(e.target.value || undefined);
                setName(null);
              }}
              className="text-xs"
              aria-label={t("dir.title")}
            >
              <option value="">{t("nav.cluster")}</option>
              {(directors.data ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          {files.isError ? <ErrorNotice error={files.error} /> : null}
          <ul className="text-sm" data-testid="export-files">
            {(files.data ?? []).map((f) => (
              <li key={f.name}>
                <button
                  type="button"
                  onClick={() => setName(f.name)}
                  className={`block w-full px-3 py-1 text-left font-mono text-xs hover:bg-sky-50 ${name === f.name ? "bg-sky-100" : ""}`}
                  title={f.describe}
                >
                  {f.name}
                </button>
              </li>
            ))}
          </ul>
        </section>
        <section className="panel min-w-0">
          <div className="panel-title flex items-center justify-between">
            <span className="font-mono">{name ?? ""}</span>
            {file.data ? <CopyButton text={file.data.text} /> : null}
          </div>
          {file.isError ? <ErrorNotice error={file.error} /> : null}
          <pre className="max-h-[70vh] overflow-auto p-3" data-testid="export-file-text">
            {file.data?.text ?? ""}
          </pre>
        </section>
      </div>
    </div>
  );
}
