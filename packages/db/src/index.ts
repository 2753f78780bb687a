export * from "./paths.ts";
export * from "./client.ts";
export * from "./mapping.ts";
export * from "./cluster-store.ts";
export * from "./service-list.ts";
export { migrateDeploy, migrateDev, type MigrateOptions } from "./migrate/runner.ts";
export { Prisma } from "./generated/prisma/client.ts";
export type * from "./generated/prisma/models.ts";
