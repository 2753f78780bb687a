import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client.ts";
import { databasePath } from "./paths.ts";

export type Db = PrismaClient;

/** A Prisma client on the SQLite file at `path` (default: SHOAL_DATABASE or <repo>/.shoal/shoal.db). */
export function createDb(path?: string): Db {
  const file = databasePath(path);
  mkdirSync(dirname(file), { recursive: true });
  // timeout: wait for a concurrent writer (the CLI, a second console process) instead of failing.
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: file, timeout: 5_000 }) });
}

const shared = new Map<string, Db>();

/** One client per file for the whole process (Next.js re-evaluates modules in dev; keep it global). */
export function getDb(path?: string): Db {
  const file = databasePath(path);
  const g = globalThis as { __shoalDbs?: Map<string, Db> };
  const map = (g.__shoalDbs ??= shared);
  let db = map.get(file);
  if (!db) {
    db = createDb(file);
    map.set(file, db);
  }
  return db;
}
