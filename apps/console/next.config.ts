import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript sources (no build step of their own).
  transpilePackages: ["@shoal/core", "@shoal/api", "@shoal/db", "@shoal/telemetry"],
  // Native modules and loggers that must stay real node requires, not bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@node-rs/argon2", "pino"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
