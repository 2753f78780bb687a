import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDeploy } from "@shoal/db";

/**
 * Migrates one template database with the real migrations (the wasm engine takes a few seconds to
 * load); every test file then works on its own copy of it.
 */
export default async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const dir = mkdtempSync(join(tmpdir(), "shoal-api-test-"));
  const template = join(dir, "template.db");
  const applied = await migrateDeploy({ db: template });
  if (!applied.length) throw new Error("no migration applied to the template database");
  provide("templateDb", template);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}
