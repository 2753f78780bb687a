import { pino, type Logger } from "pino";

export type { Logger };

/**
 * Structured JSON logs on stderr (journald keeps them). Anything that could carry the director
 * token is redacted by path, so a debug dump of a request or config never leaks it.
 */
export const REDACT_PATHS = ["token", "*.token", "authorization", "*.authorization", "headers.authorization", "*.headers.authorization", "req.headers.authorization"];

export function createLogger(level: string = "info", destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    {
      name: "shoal-agent",
      level,
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      base: { pid: process.pid },
    },
    destination as pino.DestinationStream,
  );
}
