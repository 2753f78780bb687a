import pino from "pino";

/** Structured log. Never give it passwords, tokens or session ids: audit entries redact them too. */
export const logger = pino({
  name: "shoal-api",
  level: process.env.SHOAL_LOG_LEVEL ?? (process.env.NODE_ENV === "test" || process.env.VITEST ? "silent" : "info"),
  redact: { paths: ["*.password", "*.token", "*.tokenHash", "*.passwordHash", "password", "token"], censor: "[redacted]" },
});
