export { appRouter, createCaller, PUBLIC_PROCEDURES, type AppRouter } from "./root.ts";
export { createContext, createTRPCContext, requestInfo, type Context, type RequestInfo } from "./context.ts";
export { ensureSetupToken } from "./auth/setup-token.ts";
export { SESSION_COOKIE } from "./auth/session.ts";
export { authenticateDirector, handleAgentRequest, type AgentRequestOptions } from "./agent-http/handler.ts";
export { handleExportRequest } from "./http/export.ts";
export { handleTrpcRequest } from "./http/trpc.ts";
export { ROLES, type Role } from "./roles.ts";
export type { ErrorDetails } from "./errors.ts";
export type { Change } from "./draft/diff.ts";
// The console reaches the database only through the API (an eslint boundary): its one handle.
export { getDb } from "@shoal/db";
export { startEventService, currentEventService } from "./events/service.ts";
export { handleMetricsRequest, CONSOLE_METRICS } from "./events/metrics.ts";
