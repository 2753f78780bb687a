import { loadConfig, type AgentConfig, type ConfigFlags } from "../config/config.ts";
import { readTokenFile } from "../config/token.ts";
import { ConsoleClient } from "../console/client.ts";
import type { RevisionMessage } from "../console/protocol.ts";
import { ConsoleRevisionSource, FileRevisionSource, readRevisionFile, type RevisionSource } from "../console/revision-source.ts";
import { AGENT_VERSION } from "../daemon/status.ts";
import { createLogger, type Logger } from "../log.ts";
import { StateStore } from "../state/store.ts";

export interface Context {
  cfg: AgentConfig;
  log: Logger;
  store: StateStore;
  console?: ConsoleClient;
}

export function makeContext(flags: ConfigFlags): Context {
  const cfg = loadConfig(flags);
  const log = createLogger(cfg.logLevel);
  const store = new StateStore(cfg.stateDir);
  const ctx: Context = { cfg, log, store };
  if (cfg.consoleUrl && !cfg.revisionFile) {
    ctx.console = new ConsoleClient(cfg.consoleUrl, readTokenFile(cfg.tokenFile), { userAgent: `shoal-agent/${AGENT_VERSION}`, agentVersion: AGENT_VERSION });
  }
  return ctx;
}

export function revisionSource(ctx: Context): RevisionSource | undefined {
  if (ctx.cfg.revisionFile) return new FileRevisionSource(ctx.cfg.revisionFile, ctx.cfg.kernelPollSeconds * 1000, ctx.log);
  if (ctx.console) return new ConsoleRevisionSource(ctx.console, ctx.cfg.longPollSeconds, ctx.log);
  return undefined;
}

/**
 * The revision a one-shot command works on: the revision file, else the console's current one,
 * else (console unreachable or not configured) the last one applied on this director.
 */
export async function currentRevision(ctx: Context): Promise<{ rev: RevisionMessage; from: string }> {
  if (ctx.cfg.revisionFile) return { rev: await readRevisionFile(ctx.cfg.revisionFile), from: `file ${ctx.cfg.revisionFile}` };
  let consoleError: string | undefined;
  if (ctx.console) {
    try {
      const rev = await ctx.console.waitRevision(null, 1);
      if (rev) return { rev, from: `console ${ctx.cfg.consoleUrl}` };
      consoleError = "console has no revision for this director yet";
    } catch (e) {
      consoleError = (e as Error).message;
    }
  }
  const stored = await ctx.store.loadRevision();
  if (stored) {
    if (consoleError) ctx.log.warn({ err: consoleError }, "using the last applied revision from the state dir");
    return { rev: { revision: stored.revision, cluster: stored.cluster }, from: `state dir ${ctx.cfg.stateDir}` };
  }
  throw new Error(consoleError ?? "no revision: configure consoleUrl (shoal-agent enroll) or pass --revision-file");
}
