import { Command, Option } from "commander";
import { ConfigError, type ConfigFlags } from "../config/config.ts";
import { AGENT_VERSION } from "../daemon/status.ts";
import { makeContext } from "./context.ts";
import { enroll } from "./enroll.ts";
import { planOrApply } from "./once.ts";
import { runDirector } from "./run.ts";
import { showStatus } from "./status.ts";

type Action = (flags: ConfigFlags & Record<string, unknown>) => Promise<number | void>;

function common(cmd: Command): Command {
  return cmd
    .option("-c, --config <file>", "agent config file (default /etc/shoal/agent.json)")
    .option("--console <url>", "console base URL")
    .option("--token-file <file>", "file holding this director's token (mode 0600)")
    .option("--state-dir <dir>", "state directory (default /var/lib/shoal-agent)")
    .option("--revision-file <file>", "read the revision ({revision, cluster} JSON) from this file, not the console")
    .option("--manage-all", "also manage (and delete) virtual services this agent did not create")
    .addOption(new Option("--kernel <backend>", "IPVS backend").choices(["auto", "netlink", "ipvsadm"]))
    .option("--poll-seconds <s>", "kernel re-read (drift) interval")
    .option("--drain-timeout <s>", "longest drain of a removed real server before deletion")
    .addOption(new Option("--log-level <level>").choices(["fatal", "error", "warn", "info", "debug", "trace"]));
}

/** Runs an action; configuration and usage errors print one clear line and exit 2. */
function wrap(action: Action) {
  return async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    try {
      const code = await action(cmd.opts<ConfigFlags & Record<string, unknown>>());
      process.exitCode = typeof code === "number" ? code : 0;
    } catch (e) {
      process.stderr.write(`shoal-agent ${cmd.name()}: ${(e as Error).message}\n`);
      process.exitCode = e instanceof ConfigError ? 2 : 1;
    }
  };
}

export function buildProgram(): Command {
  const program = new Command("shoal-agent").description("Shoal director / real-server agent for Linux Virtual Server (IPVS)").version(AGENT_VERSION);
  common(program.command("run").description("director daemon: follow the console, keep the IPVS table, VIPs and health checks converged")).action(
    wrap(async (f) => runDirector(makeContext(f))),
  );
  common(program.command("plan").description("print the operations that would converge the kernel, without applying them"))
    .option("--ipvsadm", "print them as an ipvsadm -R batch")
    .action(wrap(async (f) => planOrApply(makeContext(f), { apply: false, ipvsadm: Boolean(f.ipvsadm) })));
  common(program.command("apply").description("converge the kernel to the current revision"))
    .requiredOption("--once", "apply one time and exit (the daemon is `run`)")
    .action(wrap(async (f) => planOrApply(makeContext(f), { apply: true })));
  common(program.command("status").description("show what the agent last reported (state dir)"))
    .option("--json", "print the raw status report")
    .action(wrap(async (f) => showStatus(makeContext(f), Boolean(f.json))));
  common(program.command("doctor").description("check this director or real server for common LVS pitfalls and say the fix"))
    .option("--realserver", "check as a real server (VIPs on lo/tunl0, ARP sysctls)")
    .action(wrap(async (f) => (await import("./doctor.ts")).doctorCommand(makeContext(f), { realserver: Boolean(f.realserver) })));
  common(program.command("realserver").description("real-server mode: keep this host's VIPs on lo/tunl0 and the ARP sysctls in place"))
    .option("--backup-file <file>", "local cluster JSON to use when the console is unreachable")
    .option("--once", "check and fix one time, then exit")
    .action(wrap(async (f) => (await import("./realserver.ts")).realserverCommand(makeContext(f), { once: Boolean(f.once) })));
  program
    .command("enroll")
    .description("store this director's token (read from stdin) and the console URL")
    .requiredOption("--console <url>", "console base URL")
    .option("--token-file <file>", "where to keep the token", "/etc/shoal/agent.token")
    .option("-c, --config <file>", "config file to write", "/etc/shoal/agent.json")
    .option("--state-dir <dir>", "state directory")
    .action(wrap(async (f) => enroll(f as { console: string; tokenFile: string; config?: string; stateDir?: string })));
  return program;
}

export async function main(argv = process.argv): Promise<void> {
  await buildProgram().parseAsync(argv);
}
