import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

const require = createRequire(import.meta.url);
type Bindings = typeof import("@prisma/schema-engine-wasm");
let bindings: Promise<Bindings> | undefined;

/**
 * The package's entry imports the .wasm file as an ES module, which Node cannot do; load the JS
 * glue and instantiate the WebAssembly ourselves instead (what a bundler would have done).
 */
function loadBindings(): Promise<Bindings> {
  bindings ??= (async () => {
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    // Ignored by bundlers: the console bundles @shoal/db but never migrates at runtime.
    const glue = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ gluePath)) as Bindings & { __wbg_set_wasm(w: unknown): void };
    const bytes = await readFile(gluePath.replace(/schema_engine_bg\.js$/, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return glue;
  })();
  return bindings;
}

/**
 * The engine hands whole migration scripts to executeRaw, which better-sqlite3 rejects when they
 * hold several statements; send those through executeScript.
 */
function splitScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length === 0 && /;\s*\S/.test(query.sql)) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

/** The factory, and every connection it opened: engine.free() does not close them, we must. */
function scriptAwareFactory(dbPath: string): { factory: SqlMigrationAwareDriverAdapterFactory; opened: SqlDriverAdapter[] } {
  const inner = new PrismaBetterSqlite3({ url: dbPath, timeout: 5_000 });
  const opened: SqlDriverAdapter[] = [];
  const track = (a: SqlDriverAdapter) => (opened.push(a), splitScripts(a));
  return {
    opened,
    factory: {
      provider: inner.provider,
      adapterName: inner.adapterName,
      connect: async () => track(await inner.connect()),
      connectToShadowDb: async () => track(await inner.connectToShadowDb()),
    },
  };
}

export interface OpenEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes its SQLite connections (else the file stays locked). */
  close(): Promise<void>;
}

export async function openSchemaEngine(dbPath: string, schema: { path: string; content: string }, log: (line: string) => void = () => {}): Promise<OpenEngine> {
  const { SchemaEngine } = await loadBindings();
  const { factory, opened } = scriptAwareFactory(dbPath);
  const engine = await SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, log, bindMigrationAwareSqlAdapterFactory(factory));
  return {
    engine,
    close: async () => {
      engine.free();
      for (const a of opened) await a.dispose().catch(() => {});
    },
  };
}
