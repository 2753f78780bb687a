// Starts the built console: `next start` on SHOAL_HOST:SHOAL_PORT (default 127.0.0.1:3000) with
// the SQLite file at SHOAL_DATABASE made absolute (a relative path would follow the server's
// working directory). The one-time setup link is printed by instrumentation.ts at start.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const appDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const host = process.env.SHOAL_HOST || "127.0.0.1";
const port = process.env.SHOAL_PORT || "3000";
const env = { ...process.env, SHOAL_HOST: host, SHOAL_PORT: port, NEXT_TELEMETRY_DISABLED: "1" };
// Same default as @shoal/db, computed here because a bundled module cannot find the repo root.
env.SHOAL_DATABASE ||= resolve(appDir, "../../.shoal/shoal.db");
if (!env.SHOAL_DATABASE.startsWith("file:")) env.SHOAL_DATABASE = resolve(env.SHOAL_DATABASE);
// Live-monitoring rollups (@shoal/telemetry) beside the main database: a fresh SHOAL_DATABASE
// (tests, a second instance) gets fresh telemetry too, and the bundle needs no repo root.
env.SHOAL_TELEMETRY_DATABASE ||= resolve(dirname(env.SHOAL_DATABASE.replace(/^file:/, "")), "telemetry.db");
const shownHost = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
env.SHOAL_PUBLIC_URL ||= `http://${shownHost}:${port}`;

const child = spawn(process.execPath, [require.resolve("next/dist/bin/next"), "start", "-H", host, "-p", port], {
  cwd: appDir,
  env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
