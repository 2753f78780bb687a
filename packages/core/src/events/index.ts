export * from "./kinds.ts";
export * from "./vrrp.ts";
export * from "./derive.ts";
export * from "./rules.ts";
export * from "./messages.ts";
