import type { HealthEvent } from "@shoal/core/metrics/index";
import { DirectorAgent } from "../daemon/director.ts";
import { openKernels } from "../daemon/kernels.ts";
import { leanHeapFromNowOn } from "../daemon/lean-heap.ts";
import { startDirectorMonitoring } from "../daemon/monitoring.ts";
import { revisionSource, type Context } from "./context.ts";

/** `shoal-agent run`: the director daemon, until SIGTERM/SIGINT. Leaves the kernel as it is on exit. */
export async function runDirector(ctx: Context): Promise<void> {
  const kernels = await openKernels(ctx.cfg, ctx.log);
  const source = revisionSource(ctx);
  if (!source) ctx.log.warn("no console and no revision file configured: keeping the last applied revision only");
  const stop = new AbortController();
  for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    process.once(sig, () => {
      ctx.log.info({ signal: sig }, "stopping");
      stop.abort();
    });
  }
  ctx.log.info(
    { console: ctx.cfg.consoleUrl, revisionFile: ctx.cfg.revisionFile, stateDir: ctx.cfg.stateDir, backend: kernels.ipvs.backend, manageAll: ctx.cfg.manageAll },
    "shoal-agent director starting",
  );
  let agent: DirectorAgent | undefined;
  const monitor = await startDirectorMonitoring(ctx.cfg, kernels.ipvs, ctx.log, () => agent?.writingKernel ?? false);
  // Health verdicts ride along with the live samples to the console's timeline.
  const batcher = monitor?.batcher;
  agent = new DirectorAgent({
    cfg: ctx.cfg,
    kernels,
    store: ctx.store,
    log: ctx.log,
    ...(source ? { source } : {}),
    ...(ctx.console ? { console: ctx.console } : {}),
    ...(batcher ? { healthEvents: (e: HealthEvent) => batcher.addHealth(e) } : {}),
    ...(monitor ? { kernelChanged: (keys: string[]) => monitor.changed(keys) } : {}),
    onFirstConverged: leanHeapFromNowOn,
  });
  await agent.run(stop.signal);
  await monitor?.stop();
  await kernels.ipvs.close();
}
