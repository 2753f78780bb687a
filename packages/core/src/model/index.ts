export * from "./enums.ts";
export * from "./address.ts";
export * from "./health-check.ts";
export * from "./real-server.ts";
export * from "./virtual-service.ts";
export * from "./cluster.ts";
export * from "./ipvs-state.ts";
export * from "./keys.ts";
