import { renderPlanBatch } from "@shoal/core";
import { openKernels } from "../daemon/kernels.ts";
import { describeOperation } from "../reconcile/describe.ts";
import { Reconciler } from "../reconcile/reconciler.ts";
import { currentRevision, type Context } from "./context.ts";

/**
 * `shoal-agent plan` (dry run) and `shoal-agent apply --once`. Health checks are not run here:
 * every enabled real server counts as up, as at a daemon's start.
 */
export async function planOrApply(ctx: Context, opts: { apply: boolean; ipvsadm?: boolean }, out = process.stdout): Promise<number> {
  const { rev, from } = await currentRevision(ctx);
  const kernels = await openKernels(ctx.cfg, ctx.log);
  try {
    const rec = new Reconciler({ ...kernels, store: ctx.store, log: ctx.log, manageAll: ctx.cfg.manageAll, drainTimeoutMs: ctx.cfg.drainTimeoutSeconds * 1000 });
    const r = await rec.reconcile({ revision: rev.revision, cluster: rev.cluster, down: new Set() }, { dryRun: !opts.apply });
    out.write(`# revision ${rev.revision} from ${from}; backend ${kernels.ipvs.backend}\n`);
    if (opts.ipvsadm && !opts.apply) out.write(renderPlanBatch(r.ops));
    else for (const op of r.ops) out.write(`${opts.apply ? "applied" : "would"}: ${describeOperation(op)}\n`);
    for (const c of r.hostChanges) out.write(`applied: ${c}\n`);
    if (r.ops.length === 0 && r.hostChanges.length === 0) out.write("# IPVS table already matches\n");
    for (const f of r.foreign) out.write(`# foreign (left alone): ${f}\n`);
    for (const d of r.draining) out.write(`# draining: ${d.dest} of ${d.service}, ${d.activeConns} active connections\n`);
    for (const e of r.errors) out.write(`error: ${e.operation}: ${e.message}\n`);
    if (opts.apply && r.errors.length === 0) {
      await ctx.store.saveRevision({ revision: rev.revision, cluster: rev.cluster, appliedAt: new Date().toISOString() });
    }
    return r.errors.length ? 1 : 0;
  } finally {
    await kernels.ipvs.close();
  }
}
