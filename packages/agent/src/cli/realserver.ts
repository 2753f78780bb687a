import { readFile } from "node:fs/promises";
import { Cluster } from "@shoal/core";
import { createAddressKernel, createSysctl } from "../kernel/index.ts";
import type { RevisionMessage } from "../console/protocol.ts";
import { buildStatus } from "../daemon/status.ts";
import { readRevisionFile } from "../console/revision-source.ts";
import { reconcileRealServer } from "../realserver/agent.ts";
import { sleep } from "../util/sleep.ts";
import { revisionSource, type Context } from "./context.ts";

/** A local cluster copy: a revision message ({revision, cluster}) or a bare cluster JSON. */
async function readBackup(path: string): Promise<RevisionMessage> {
  const raw = JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
  const body = raw && typeof raw === "object" && "cluster" in raw ? raw : { revision: 0, cluster: raw };
  const cluster = Cluster.safeParse(body.cluster);
  if (!cluster.success)
    throw new Error(
      `backup file ${path}: ${cluster.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".")}: ${i.message}`)
        .join("; ")}`,
    );
  return { revision: Number(body.revision ?? 0), cluster: cluster.data };
}

/**
 * `shoal-agent realserver`: keeps this host's VIPs (lo for DR, tunl0 for TUN) and ARP/rp_filter
 * sysctls in place, re-checking periodically so a reboot or network restart is repaired.
 */
export async function realserverCommand(ctx: Context, opts: { once: boolean }): Promise<number> {
  const deps = { addresses: createAddressKernel(), sysctl: createSysctl(), log: ctx.log };
  let current: RevisionMessage | undefined;
  const stored = await ctx.store.loadRevision().catch(() => undefined);
  if (stored) current = { revision: stored.revision, cluster: stored.cluster };
  if (ctx.cfg.backupFile) {
    try {
      const b = await readBackup(ctx.cfg.backupFile);
      if (!current || b.revision >= current.revision) current = b;
    } catch (e) {
      ctx.log.warn({ err: (e as Error).message }, "backup file unusable");
    }
  }
  if (ctx.cfg.revisionFile) {
    // An explicit revision file wins over what the state dir remembers.
    current = await readRevisionFile(ctx.cfg.revisionFile).catch((e: Error) => {
      ctx.log.warn({ err: e.message }, "revision file unusable");
      return current;
    });
  }
  const stop = new AbortController();
  for (const sig of ["SIGTERM", "SIGINT"] as const) process.once(sig, () => stop.abort());
  const source = opts.once ? undefined : revisionSource(ctx);
  const sourceDone = source?.run(
    current?.revision ?? null,
    (r) => {
      current = r;
      void ctx.store.saveRevision({ revision: r.revision, cluster: r.cluster, appliedAt: new Date().toISOString() });
    },
    stop.signal,
  );
  let code = 0;
  do {
    if (current) {
      const r = await reconcileRealServer(current.cluster, deps);
      if (opts.once) for (const c of r.changes) process.stdout.write(`changed: ${c}\n`);
      if (opts.once && r.servesAs.length === 0) process.stdout.write("this host is not a DR or TUN real server of the cluster\n");
      for (const e of r.errors) process.stderr.write(`error: ${e.operation}: ${e.message}\n`);
      code = r.errors.length ? 1 : 0;
      if (r.changes.length || r.errors.length || opts.once) {
        const status = buildStatus(
          {
            appliedRevision: r.errors.length ? null : current.revision,
            targetRevision: current.revision,
            errors: r.errors,
            drift: [],
            health: [],
            foreign: [],
            draining: [],
            changes: r.changes,
          },
          "realserver",
        );
        await ctx.store.saveStatus(status).catch(() => {});
        await ctx.console?.postStatus(status).catch((e: Error) => ctx.log.debug({ err: e.message }, "status not delivered"));
      }
    } else if (opts.once) {
      process.stderr.write("no cluster: configure the console, --revision-file or --backup-file\n");
      return 1;
    }
    if (!opts.once) await sleep(ctx.cfg.realserverCheckSeconds * 1000, stop.signal);
  } while (!opts.once && !stop.signal.aborted);
  stop.abort();
  await sourceDone;
  return code;
}
