// operations.ts (the Operation contract) is exported by src/index.ts itself.
export * from "./plan.ts";
export * from "./apply.ts";
export * from "./batch.ts";
export * from "./canonical.ts";
export * from "./compare.ts";
export * from "./keys.ts";
export * from "./table.ts";
