import { statSync, readFileSync } from "node:fs";
import { ConfigError } from "./config.ts";

/**
 * Reads the director's bearer token. The token lets its holder read the whole cluster
 * configuration and report as this director, so a file others can read is refused, with the fix.
 */
export function readTokenFile(path: string): string {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (e) {
    throw new ConfigError(`cannot read the director token file ${path}: ${(e as Error).message} (enroll with: shoal-agent enroll --console URL --token-file ${path})`);
  }
  if ((mode & 0o077) !== 0) {
    throw new ConfigError(`director token file ${path} is readable by group or others (mode ${(mode & 0o777).toString(8)}); fix: chmod 600 ${path}`);
  }
  const token = readFileSync(path, "utf8").trim();
  if (!token) throw new ConfigError(`director token file ${path} is empty`);
  if (/\s/.test(token)) throw new ConfigError(`director token file ${path} holds more than one word; it must contain only the token`);
  return token;
}
