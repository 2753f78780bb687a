import { describe, expect, it } from "vitest";
import { filterRows, nextSort, sortRows, type SortableColumn } from "../src/features/services/table-rows.ts";

interface R {
  name: string;
  n: number;
}
const rows: R[] = [
  { name: "svc10", n: 1 },
  { name: "svc2", n: 3 },
  { name: "web", n: 3 },
  { name: "SVC1", n: 2 },
];
const name: SortableColumn<R> = { id: "name", sortValue: (r) => r.name };
const count: SortableColumn<R> = { id: "n", sortValue: (r) => r.n, firstDir: "desc" };

describe("services table rows", () => {
  it("header clicks cycle first direction, the other, then the list's order", () => {
    expect(nextSort(null, name)).toEqual({ column: "name", dir: "asc" });
    expect(nextSort({ column: "name", dir: "asc" }, name)).toEqual({ column: "name", dir: "desc" });
    expect(nextSort({ column: "name", dir: "desc" }, name)).toBeNull();
    expect(nextSort({ column: "name", dir: "asc" }, count)).toEqual({ column: "n", dir: "desc" });
  });
  it("sorts naturally and stably, numbers as numbers", () => {
    expect(sortRows(rows, [name], { column: "name", dir: "asc" }).map((r) => r.name)).toEqual(["SVC1", "svc2", "svc10", "web"]);
    expect(sortRows(rows, [count], { column: "n", dir: "desc" }).map((r) => r.name)).toEqual(["svc2", "web", "SVC1", "svc10"]);
    expect(sortRows(rows, [name], null)).toBe(rows);
  });
  it("filters case-insensitively on the row's text", () => {
    expect(filterRows(rows, (r) => r.name.toLowerCase(), "SVC1").map((r) => r.name)).toEqual(["svc10", "SVC1"]);
    expect(filterRows(rows, (r) => r.name.toLowerCase(), "")).toBe(rows);
  });
});
