import { readFile } from "node:fs/promises";
import { parseProcIpvsStats } from "@shoal/core";
import type { AgentConfig } from "../config/config.ts";
import { readTokenFile } from "../config/token.ts";
import type { IpvsKernel } from "../kernel/types.ts";
import type { Logger } from "../log.ts";
import { httpSampleSender, IncrementalReader, snapshotUpdate, startMonitoring, type Monitor } from "../metrics/index.ts";

/**
 * Live counters for the director: 1 Hz samples through the kernel interface's netlink dump,
 * shipped to the console (when one is configured) and served on /metrics. Sampling failures are
 * logged and never touch the data plane.
 */
export interface DirectorMonitor extends Monitor {
  /** The agent changed these services (by state key): their real servers are read at the next sample. */
  changed(serviceKeys: string[]): void;
}

/** `writingKernel`: true while a reconcile writes the kernel (DirectorAgent.writingKernel); no sample is taken then. */
export async function startDirectorMonitoring(cfg: AgentConfig, ipvs: IpvsKernel, log: Logger, writingKernel?: () => boolean): Promise<DirectorMonitor | undefined> {
  if (cfg.sampleSeconds === 0) return undefined;
  const send = cfg.consoleUrl && !cfg.revisionFile ? httpSampleSender({ consoleUrl: cfg.consoleUrl, token: readTokenFile(cfg.tokenFile) }) : undefined;
  // Monitoring must never stop the data-plane loop: a busy /metrics port is logged, not fatal.
  const { readServiceCounters, readDestCounters } = ipvs;
  const incremental =
    readServiceCounters && readDestCounters
      ? new IncrementalReader(
          { readServiceCounters: () => readServiceCounters.call(ipvs), readDestCounters: (s) => readDestCounters.call(ipvs, s) },
          { refreshSeconds: cfg.sampleRefreshSeconds, intervalSeconds: cfg.sampleSeconds },
        )
      : undefined;
  const monitor = await startMonitoring({
    source: incremental ? (table, mono) => incremental.read(table, mono) : async () => snapshotUpdate(await ipvs.readWithStats()),
    readTotals: readProcTotals,
    ...(send ? { send } : {}),
    metricsAddress: cfg.metricsAddress,
    intervalMs: cfg.sampleSeconds * 1000,
    ...(writingKernel ? { holdWhile: writingKernel } : {}),
    log: (msg, err) => log.warn({ err: err instanceof Error ? err.message : String(err ?? "") }, msg),
  }).catch((e: Error) => {
    log.error({ err: e.message, metrics: cfg.metricsAddress }, "live counters not started (set metricsAddress or sampleSeconds 0)");
    return undefined;
  });
  if (!monitor) return undefined;
  log.info(
    { metrics: cfg.metricsAddress, toConsole: Boolean(send), everySeconds: cfg.sampleSeconds, realServersAtLeastEverySeconds: incremental ? cfg.sampleRefreshSeconds : 0 },
    incremental
      ? "live counters started (one service dump per sample, real servers of busy services and a rotating slice)"
      : "live counters started (every real server each sample)",
  );
  return { ...monitor, changed: (keys) => incremental?.refresh(keys) };
}

/** Director totals from /proc/net/ip_vs_stats (absent outside a director: totals then sum the services). */
async function readProcTotals() {
  const text = await readFile("/proc/net/ip_vs_stats", "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const r = parseProcIpvsStats(text);
  if (!r.ok) return undefined;
  const t = r.value.totals;
  return { conns: t.conns, inPkts: t.inPkts, outPkts: t.outPkts, inBytes: t.inBytes, outBytes: t.outBytes };
}
