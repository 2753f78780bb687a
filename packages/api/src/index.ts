export { appRouter, createCaller, PUBLIC_PROCEDURES, type AppRouter } from "./root.ts";
export { createContext, createTRPCContext, requestInfo, type Context, type RequestInfo } from "./context.ts";
export { ensureSetupToken } from "./auth/setup-token.ts";
export { SESSION_COOKIE } from "./auth/session.ts";
export { handleAgentRequest } from "./agent-http/handler.ts";
export { handleExportRequest } from "./http/export.ts";
export { ROLES, type Role } from "./roles.ts";
export type { ErrorDetails } from "./errors.ts";
export type { Change } from "./draft/diff.ts";
