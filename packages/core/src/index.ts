export * from "./model/index.ts";
export * from "./diagnostics.ts";
export * from "./desired/desired-state.ts";
export * from "./plan/operations.ts";
export * from "./validate/index.ts";
export * from "./backup/index.ts";
export * from "./metrics/index.ts";
export * from "./keepalived/index.ts";
