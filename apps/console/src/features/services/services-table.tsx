"use client";
import { useEffect, useMemo, useRef, useState, type MouseEvent, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useI18n } from "~/i18n/client.tsx";
import type { MessageKey } from "~/i18n/locale.ts";
import { filterRows, nextSort, sortRows, type Sort, type SortableColumn } from "./table-rows.ts";

/** One row of virtualService.list. */
export interface ServiceRow {
  id: string;
  key: string;
  name: string | null;
  protocol: string;
  address: string | null;
  port: number | null;
  fwmark: number | null;
  scheduler: string;
  enabled: boolean;
  position: number;
  realServers: number;
  activeRealServers: number;
}

const ROW_HEIGHT = 30;

interface Column extends SortableColumn<ServiceRow> {
  header: MessageKey;
  width: number;
}

const COLUMNS: Column[] = [
  { id: "key", header: "svc.key", width: 260, sortValue: (r) => r.key },
  { id: "name", header: "svc.name", width: 160, sortValue: (r) => r.name ?? "" },
  { id: "scheduler", header: "svc.scheduler", width: 90, sortValue: (r) => r.scheduler },
  { id: "protocol", header: "svc.protocol", width: 80, sortValue: (r) => r.protocol },
  { id: "realServers", header: "svc.realServers", width: 110, sortValue: (r) => r.realServers, firstDir: "desc" },
  { id: "enabled", header: "svc.enabled", width: 90, sortValue: (r) => (r.enabled ? 1 : 0), firstDir: "desc" },
];

/** What the filter box searches: the text columns as shown. */
const haystack = (r: ServiceRow) => `${r.key}\n${r.name ?? ""}\n${r.scheduler}\n${r.protocol}`.toLowerCase();

/**
 * Virtualized: only the rows in view are in the DOM, so 10,000 services scroll like 10.
 * `total` is set while `rows` is only the first screenful (the rest is loading): filtering and
 * sorting then apply again when the whole list arrives.
 */
export function ServicesTable({ rows, clusterId, total }: { rows: ServiceRow[]; clusterId: string; total?: number | undefined }) {
  const { t } = useI18n();
  const router = useRouter();
  // Rows link with plain anchors and this one handler instead of a next/link per row: each Link is
  // a component with its own hooks to hydrate, and the first screen has dozens (bench/console).
  // A plain click navigates inside the app; modified and middle clicks keep the browser's own behaviour.
  const openRow = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    router.push(e.currentTarget.getAttribute("href")!);
  };
  const [sort, setSort] = useState<Sort | null>(null);
  const [filter, setFilter] = useState("");
  const filtered = useMemo(() => filterRows(rows, haystack, filter), [rows, filter]);
  const visible = useMemo(() => sortRows(filtered, COLUMNS, sort), [filtered, sort]);
  const cell = (r: ServiceRow, id: string): ReactNode => {
    switch (id) {
      case "key":
        return (
          // No prefetch either: a screenful of rows would be as many server renders of the editor.
          <a className="font-mono text-sky-800 hover:underline" href={`/c/${clusterId}/services/${r.id}`} onClick={openRow}>
            {r.key}
          </a>
        );
      case "name":
        return r.name ?? "";
      case "scheduler":
        return r.scheduler;
      case "protocol":
        return r.protocol;
      // Active (enabled, weight > 0) of all: a drained or disabled one shows at a glance.
      case "realServers":
        return `${r.activeRealServers} / ${r.realServers}`;
      default:
        return r.enabled ? (
          <span className="badge bg-emerald-100 text-emerald-800">{t("common.enabled")}</span>
        ) : (
          <span className="badge bg-slate-200 text-slate-600">{t("common.disabled")}</span>
        );
    }
  };
  const scrollRef = useRef<HTMLDivElement>(null);
  // Set once hydrated and the whole list is here: the first rows arrive in the HTML, but sorting
  // and filtering need React and every row.
  const complete = total === undefined;
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const ready = hydrated && complete;
  useEffect(() => {
    // For bench/console's breakdown (page interactive = this mark plus a filtered render).
    if (ready) performance.mark("shoal:services-ready");
  }, [ready]);
  useEffect(() => {
    if (filter) performance.mark("shoal:services-filtered");
  }, [filter, rows]);
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // Rows beyond the view, rendered (and hydrated) ahead of scrolling: 6 x 30 px covers a wheel step.
    overscan: 6,
    // Lets the server render the first screenful of rows, so they show before hydration.
    initialRect: { width: 1200, height: 900 },
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2">
      <div className="flex items-center gap-3">
        <input type="search" data-testid="services-filter" placeholder={t("common.filter")} value={filter} onChange={(e) => setFilter(e.target.value)} className="w-72" />
        <span className="text-xs text-slate-500" data-testid="services-count">
          {complete ? t("common.rows", { n: visible.length }) : `${t("common.rows", { n: total })} · ${t("common.loading")}`}
        </span>
      </div>
      {/* A fixed height, not flex-1: the page's column has no definite height, so a flex-grown box
          took its content's height and the virtualizer, seeing every row "in view", rendered all of them. */}
      <div ref={scrollRef} className="panel flex-none overflow-auto" style={{ height: "calc(100vh - 170px)" }} data-testid="services-table" data-ready={ready ? "" : undefined}>
        <table className="table-fixed">
          <thead className="sticky top-0 z-10">
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.id} style={{ width: c.width }} aria-sort={sort?.column === c.id ? (sort.dir === "asc" ? "ascending" : "descending") : undefined}>
                  <button type="button" className="flex items-center gap-1 uppercase" onClick={() => setSort((s) => nextSort(s, c))}>
                    {t(c.header)}
                    <span aria-hidden>{sort?.column === c.id ? (sort.dir === "asc" ? "▲" : "▼") : ""}</span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {padTop > 0 ? <tr style={{ height: padTop }} /> : null}
            {items.map((vi) => {
              const row = visible[vi.index]!;
              return (
                <tr key={row.id} style={{ height: ROW_HEIGHT }} className="hover:bg-sky-50" data-testid="service-row">
                  {COLUMNS.map((c) => (
                    <td key={c.id} className="truncate">
                      {cell(row, c.id)}
                    </td>
                  ))}
                </tr>
              );
            })}
            {padBottom > 0 ? <tr style={{ height: padBottom }} /> : null}
          </tbody>
        </table>
        {visible.length === 0 ? <p className="p-4 text-sm text-slate-500">{t("common.noData")}</p> : null}
      </div>
    </div>
  );
}
