import { readFileSync } from "node:fs";
import { z } from "zod";

export const DEFAULT_CONFIG_PATH = "/etc/shoal/agent.json";

/**
 * /etc/shoal/agent.json. Unknown keys are refused: a misspelled "manageAll" silently ignored
 * would let the agent delete or keep services against the operator's intent.
 */
export const AgentConfig = z
  .object({
    /** Console base URL, e.g. https://console.example:3000. Absent: offline (state dir or --revision-file). */
    consoleUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** File holding this director's bearer token (mode 0600). */
    tokenFile: z.string().min(1).default("/etc/shoal/agent.token"),
    /** Last applied revision, managed service keys, status. */
    stateDir: z.string().min(1).default("/var/lib/shoal-agent"),
    /** Read the cluster revision from this JSON file instead of the console (air-gapped, lab). */
    revisionFile: z.string().min(1).optional(),
    /** Also manage (and delete) virtual services this agent did not create. */
    manageAll: z.boolean().default(false),
    /** How often the kernel is re-read for drift, seconds. */
    kernelPollSeconds: z.number().min(0.2).max(60).default(2),
    /** Longest a removed real server drains before it is deleted anyway, seconds. */
    drainTimeoutSeconds: z.number().min(0).max(86_400).default(300),
    /** Long-poll wait asked of the console, seconds. */
    longPollSeconds: z.number().int().min(1).max(300).default(25),
    /** Status report heartbeat, seconds (reports also go out on every change). */
    statusIntervalSeconds: z.number().min(1).max(3_600).default(10),
    /** Kernel interface: netlink, the ipvsadm fallback, or auto (netlink when it works). */
    kernel: z.enum(["auto", "netlink", "ipvsadm"]).default("auto"),
    logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("info"),
    /** Realserver mode: local copy of the cluster to use when the console is unreachable. */
    backupFile: z.string().min(1).optional(),
    /** Realserver mode: how often VIPs and sysctls are re-checked, seconds. */
    realserverCheckSeconds: z.number().min(0.2).max(3_600).default(10),
    /** Live counters: seconds between samples sent to the console and shown on /metrics; 0 turns sampling off. */
    sampleSeconds: z.number().min(0).max(60).default(1),
    /**
     * Live counters: longest a virtual service without traffic goes before its real servers are
     * read again, seconds. Busy services' real servers are read every sample (their counters move
     * with the service's, which one dump of all services shows); a quiet service's connection
     * gauges (timers expire connections), weights and real-server set can be this much behind
     * (counted in samples: longer when a sample takes longer than sampleSeconds). 0 reads every
     * real server every sample (one dump per service: slow at 10,000 services).
     */
    sampleRefreshSeconds: z.number().min(0).max(3_600).default(10),
    /** HOST:PORT of the Prometheus /metrics endpoint; null to not listen (loopback by default: least exposure). */
    metricsAddress: z
      .string()
      .regex(/^[^\s]+:\d{1,5}$/, "HOST:PORT")
      .nullable()
      .default("127.0.0.1:9105"),
  })
  .strict();
export type AgentConfig = z.infer<typeof AgentConfig>;
export type AgentConfigInput = z.input<typeof AgentConfig>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Flags as commander hands them over (all optional). */
export interface ConfigFlags {
  config?: string | undefined;
  console?: string | undefined;
  tokenFile?: string | undefined;
  stateDir?: string | undefined;
  revisionFile?: string | undefined;
  manageAll?: boolean | undefined;
  kernel?: string | undefined;
  logLevel?: string | undefined;
  pollSeconds?: string | undefined;
  drainTimeout?: string | undefined;
  backupFile?: string | undefined;
}

const ENV: Record<string, keyof AgentConfigInput> = {
  SHOAL_AGENT_CONSOLE_URL: "consoleUrl",
  SHOAL_AGENT_TOKEN_FILE: "tokenFile",
  SHOAL_AGENT_STATE_DIR: "stateDir",
  SHOAL_AGENT_REVISION_FILE: "revisionFile",
  SHOAL_AGENT_KERNEL: "kernel",
  SHOAL_AGENT_LOG_LEVEL: "logLevel",
};

/**
 * Configuration from, lowest to highest precedence: defaults, the config file, SHOAL_AGENT_*
 * environment variables, command-line flags. The file is optional only at its default path.
 */
export function loadConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env, read: (path: string) => string = (p) => readFileSync(p, "utf8")): AgentConfig {
  const path = flags.config ?? env.SHOAL_AGENT_CONFIG ?? DEFAULT_CONFIG_PATH;
  const explicit = flags.config !== undefined || env.SHOAL_AGENT_CONFIG !== undefined;
  let fromFile: Record<string, unknown> = {};
  let text: string | undefined;
  try {
    text = read(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" || explicit) throw new ConfigError(`cannot read agent config ${path}: ${(e as Error).message}`);
  }
  if (text !== undefined) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not a JSON object");
      fromFile = parsed as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError(`agent config ${path} is not valid JSON: ${(e as Error).message}`);
    }
  }
  const merged: Record<string, unknown> = { ...fromFile };
  for (const [name, key] of Object.entries(ENV)) if (env[name]) merged[key] = env[name];
  if (env.SHOAL_AGENT_MANAGE_ALL) merged.manageAll = /^(1|true|yes)$/i.test(env.SHOAL_AGENT_MANAGE_ALL);
  const f: Record<string, unknown> = {
    consoleUrl: flags.console,
    tokenFile: flags.tokenFile,
    stateDir: flags.stateDir,
    revisionFile: flags.revisionFile,
    manageAll: flags.manageAll,
    kernel: flags.kernel,
    logLevel: flags.logLevel,
    kernelPollSeconds: flags.pollSeconds === undefined ? undefined : Number(flags.pollSeconds),
    drainTimeoutSeconds: flags.drainTimeout === undefined ? undefined : Number(flags.drainTimeout),
    backupFile: flags.backupFile,
  };
  for (const [k, v] of Object.entries(f)) if (v !== undefined) merged[k] = v;
  const result = AgentConfig.safeParse(merged);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(config)"}: ${i.message}`);
    throw new ConfigError(`invalid agent configuration (file ${text === undefined ? "none" : path}, env, flags):\n${lines.join("\n")}`);
  }
  return result.data;
}
