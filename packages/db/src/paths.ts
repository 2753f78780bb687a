import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, found from this file so it does not depend on the process's cwd. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const prismaDir = resolve(repoRoot, "prisma");
export const migrationsDir = resolve(prismaDir, "migrations");
export const schemaPath = resolve(prismaDir, "schema.prisma");

/**
 * Absolute SQLite path: SHOAL_DATABASE (a path, or a file: URL) or <repo>/.shoal/shoal.db.
 * Absolute because a relative file: URL would follow whatever directory the server started in.
 */
export function databasePath(explicit?: string): string {
  const raw = explicit ?? process.env.SHOAL_DATABASE ?? resolve(repoRoot, ".shoal/shoal.db");
  const path = raw.startsWith("file:") ? raw.slice("file:".length) : raw;
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}
