import { existsSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The repository root: from this file when it is run from source; when a bundler moved the code
 * (Next's server chunks), from the working directory upwards to pnpm-workspace.yaml.
 */
function findRepoRoot(): string {
  const fromSource = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
  if (existsSync(resolve(fromSource, "prisma/schema.prisma"))) return fromSource;
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, "pnpm-workspace.yaml")) && existsSync(resolve(dir, "prisma"))) return dir;
    if (dirname(dir) === dir) return fromSource;
  }
}

export const repoRoot = findRepoRoot();
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
