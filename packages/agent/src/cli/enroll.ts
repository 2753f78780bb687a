import { readFileSync } from "node:fs";
import { writeFileAtomic } from "../util/atomic-file.ts";
import { AgentConfig, DEFAULT_CONFIG_PATH } from "../config/config.ts";
import { ConsoleClient } from "../console/client.ts";
import { AGENT_VERSION } from "../daemon/status.ts";

/**
 * `shoal-agent enroll`: stores the director token the console gave (read from stdin, never from
 * the command line, where `ps` would show it) with mode 0600, writes the config, and checks the
 * console accepts the token.
 */
export async function enroll(opts: { console: string; tokenFile: string; config?: string; stateDir?: string }, out = process.stdout): Promise<number> {
  const token = readFileSync(0, "utf8").trim();
  if (!token || /\s/.test(token)) throw new Error("give the director token (one word) on stdin, e.g. shoal-agent enroll --console URL < token.txt");
  const cfgPath = opts.config ?? DEFAULT_CONFIG_PATH;
  const cfg = AgentConfig.parse({ consoleUrl: opts.console, tokenFile: opts.tokenFile, ...(opts.stateDir ? { stateDir: opts.stateDir } : {}) });
  const client = new ConsoleClient(opts.console, token, { userAgent: `shoal-agent/${AGENT_VERSION}`, agentVersion: AGENT_VERSION });
  const rev = await client.waitRevision(null, 1);
  await writeFileAtomic(opts.tokenFile, `${token}\n`, 0o600);
  await writeFileAtomic(cfgPath, `${JSON.stringify({ consoleUrl: cfg.consoleUrl, tokenFile: cfg.tokenFile, stateDir: cfg.stateDir }, null, 2)}\n`, 0o644);
  out.write(
    `enrolled: console ${opts.console} accepted the token${rev ? ` (current revision ${rev.revision}, cluster ${rev.cluster.name})` : ""}; token in ${opts.tokenFile} (0600), config in ${cfgPath}\n`,
  );
  return 0;
}
