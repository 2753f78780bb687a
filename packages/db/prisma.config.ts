import { defineConfig } from "prisma/config";

// Only `prisma generate` uses this: migrations run through src/migrate (the native schema engine
// cannot be downloaded offline).
export default defineConfig({
  schema: "../../prisma/schema.prisma",
  migrations: { path: "../../prisma/migrations" },
});
