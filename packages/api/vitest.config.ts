import { defineConfig } from "vitest/config";

export default defineConfig({
  // Each test file migrates its own SQLite file; running them one at a time keeps the 2 shared
  // cores usable by everyone else.
  test: { include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 120_000, fileParallelism: false },
});
