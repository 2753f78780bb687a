"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import Link from "next/link";
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useI18n } from "~/i18n/client.tsx";

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

/**
 * Virtualized: only the rows in view are in the DOM, so 10,000 services scroll like 10.
 * `total` is set while `rows` is only the first screenful (the rest is loading): filtering and
 * sorting then apply again when the whole list arrives.
 */
export function ServicesTable({ rows, clusterId, total }: { rows: ServiceRow[]; clusterId: string; total?: number | undefined }) {
  const { t } = useI18n();
  const [sorting, setSorting] = useState<SortingState>([]);
  const [filter, setFilter] = useState("");
  const columns = useMemo<ColumnDef<ServiceRow>[]>(
    () => [
      {
        id: "key",
        header: t("svc.key"),
        accessorKey: "key",
        cell: (c) => (
          // No prefetch: a screenful of rows would be as many server renders of the editor.
          <Link prefetch={false} className="font-mono text-sky-800 hover:underline" href={`/c/${clusterId}/services/${c.row.original.id}`}>
            {c.getValue<string>()}
          </Link>
        ),
        size: 260,
      },
      { id: "name", header: t("svc.name"), accessorFn: (r) => r.name ?? "", size: 160 },
      { id: "scheduler", header: t("svc.scheduler"), accessorKey: "scheduler", size: 90 },
      { id: "protocol", header: t("svc.protocol"), accessorKey: "protocol", size: 80 },
      {
        id: "realServers",
        header: t("svc.realServers"),
        accessorKey: "realServers",
        // Active (enabled, weight > 0) of all: a drained or disabled one shows at a glance.
        cell: (c) => `${c.row.original.activeRealServers} / ${c.row.original.realServers}`,
        size: 110,
      },
      {
        id: "enabled",
        header: t("svc.enabled"),
        accessorFn: (r) => (r.enabled ? 1 : 0),
        cell: (c) =>
          c.row.original.enabled ? (
            <span className="badge bg-emerald-100 text-emerald-800">{t("common.enabled")}</span>
          ) : (
            <span className="badge bg-slate-200 text-slate-600">{t("common.disabled")}</span>
          ),
        size: 90,
      },
    ],
    [t, clusterId],
  );
  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting, globalFilter: filter },
    onSortingChange: setSorting,
    onGlobalFilterChange: setFilter,
    globalFilterFn: "includesString",
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  });
  const visible = table.getRowModel().rows;
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
    overscan: 12,
    // Lets the server render the first screenful of rows, so they show before hydration.
    initialRect: { width: 1200, height: 900 },
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2">
      <div className="flex items-center gap-3">
        <input
          type="search"
          data-testid="services-filter"
          placeholder={t("common.filter")}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          className="w-72"
        />
        <span className="text-xs text-slate-500" data-testid="services-count">
          {complete ? t("common.rows", { n: visible.length }) : `${t("common.rows", { n: total })} · ${t("common.loading")}`}
        </span>
      </div>
      {/* A fixed height, not flex-1: the page's column has no definite height, so a flex-grown box
          took its content's height and the virtualizer, seeing every row "in view", rendered all of them. */}
      <div ref={scrollRef} className="panel flex-none overflow-auto" style={{ height: "calc(100vh - 170px)" }} data-testid="services-table" data-ready={ready ? "" : undefined}>
        <table className="table-fixed">
          <thead className="sticky top-0 z-10">
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => (
                  <th key={h.id} style={{ width: h.getSize() }}>
                    <button type="button" className="flex items-center gap-1 uppercase" onClick={h.column.getToggleSortingHandler()}>
                      {flexRender(h.column.columnDef.header, h.getContext())}
                      <span aria-hidden>{{ asc: "▲", desc: "▼" }[h.column.getIsSorted() as string] ?? ""}</span>
                    </button>
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {padTop > 0 ? <tr style={{ height: padTop }} /> : null}
            {items.map((vi) => {
              const row = visible[vi.index]!;
              return (
                <tr key={row.id} style={{ height: ROW_HEIGHT }} className="hover:bg-sky-50" data-testid="service-row">
                  {row.getVisibleCells().map((c) => (
                    <td key={c.id} className="truncate">
                      {flexRender(c.column.columnDef.cell, c.getContext())}
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
