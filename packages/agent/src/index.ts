/** @shoal/agent: the director / real-server agent. The CLI entry is cli/main.ts. */
export { buildProgram, main } from "./cli/main.ts";
export { DirectorAgent } from "./daemon/director.ts";
export { Reconciler } from "./reconcile/reconciler.ts";
export { DrainTracker } from "./reconcile/graceful.ts";
export { loadConfig, AgentConfig } from "./config/config.ts";
export type { StatusReport } from "@shoal/core";
