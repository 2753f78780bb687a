/**
 * Filter and sort for the services table, in plain arrays: a general table model built a row
 * object with cells and closures for each of 1,000 services before the first paint (bench/console),
 * where the table needs one lower-cased string and one sort key per row.
 */
export type SortDir = "asc" | "desc";
export interface Sort {
  column: string;
  dir: SortDir;
}

export interface SortableColumn<R> {
  id: string;
  sortValue: (row: R) => string | number;
  /** Numbers sort largest first on the first click (a count's interesting end), text A to Z. */
  firstDir?: SortDir;
}

// Natural order: "svc2" before "svc10", "10.0.0.9" before "10.0.0.10".
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/** Header click: first direction, the other one, then back to the list's own order. */
export function nextSort<R>(current: Sort | null, column: SortableColumn<R>): Sort | null {
  const first = column.firstDir ?? "asc";
  if (current?.column !== column.id) return { column: column.id, dir: first };
  if (current.dir === first) return { column: column.id, dir: first === "asc" ? "desc" : "asc" };
  return null;
}

/** Rows whose text (`haystack`, lower case) contains every character of the filter as typed. */
export function filterRows<R>(rows: readonly R[], haystack: (row: R) => string, filter: string): readonly R[] {
  const needle = filter.toLowerCase();
  if (!needle) return rows;
  return rows.filter((r) => haystack(r).includes(needle));
}

/** A stable sort: equal keys keep the list's order (the services' position). */
export function sortRows<R>(rows: readonly R[], columns: readonly SortableColumn<R>[], sort: Sort | null): readonly R[] {
  const column = sort && columns.find((c) => c.id === sort.column);
  if (!sort || !column) return rows;
  const keyed = rows.map((row) => ({ row, key: column.sortValue(row) }));
  const sign = sort.dir === "asc" ? 1 : -1;
  keyed.sort((a, b) => sign * (typeof a.key === "number" && typeof b.key === "number" ? a.key - b.key : collator.compare(String(a.key), String(b.key))));
  return keyed.map((k) => k.row);
}
