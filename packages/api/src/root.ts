import { alertRouter } from "./routers/alert.ts";
import { auditRouter } from "./routers/audit.ts";
import { eventRouter } from "./routers/event.ts";
import { authRouter } from "./routers/auth.ts";
import { clusterRouter } from "./routers/cluster.ts";
import { directorRouter } from "./routers/director.ts";
import { exportRouter } from "./routers/export.ts";
import { importRouter } from "./routers/import.ts";
import { healthCheckRouter, realServerRouter } from "./routers/real-server.ts";
import { revisionRouter } from "./routers/revision.ts";
import { sessionRouter } from "./routers/session.ts";
import { settingsRouter, vrrpRouter } from "./routers/settings.ts";
import { setupRouter } from "./routers/setup.ts";
import { telemetryRouter } from "./routers/telemetry.ts";
import { userRouter } from "./routers/user.ts";
import { virtualServiceRouter } from "./routers/virtual-service.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  auth: authRouter,
  setup: setupRouter,
  user: userRouter,
  session: sessionRouter,
  audit: auditRouter,
  cluster: clusterRouter,
  settings: settingsRouter,
  vrrp: vrrpRouter,
  director: directorRouter,
  virtualService: virtualServiceRouter,
  realServer: realServerRouter,
  healthCheck: healthCheckRouter,
  revision: revisionRouter,
  export: exportRouter,
  import: importRouter,
  telemetry: telemetryRouter,
  event: eventRouter,
  alert: alertRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

/** Procedures callable without a session. Everything else requires at least the viewer role. */
export const PUBLIC_PROCEDURES = ["auth.login", "setup.status", "setup.createAdmin"] as const;
