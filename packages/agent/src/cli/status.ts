import type { StatusReport } from "../console/protocol.ts";
import type { Context } from "./context.ts";

/** `shoal-agent status`: what the running (or last) agent reported, from the state dir. */
export async function showStatus(ctx: Context, json: boolean, out = process.stdout): Promise<number> {
  const s = (await ctx.store.loadStatus()) as StatusReport | undefined;
  if (!s) {
    out.write(`no status in ${ctx.store.statusPath}: the agent has not run on this host yet\n`);
    return 1;
  }
  if (json) {
    out.write(`${JSON.stringify(s, null, 2)}\n`);
    return 0;
  }
  out.write(`mode ${s.mode}, agent ${s.agentVersion}, backend ${s.backend ?? "?"}, reported ${s.reportedAt}\n`);
  out.write(`applied revision ${s.appliedRevision ?? "none"}${s.targetRevision !== s.appliedRevision ? ` (working on ${s.targetRevision})` : ""}\n`);
  for (const e of s.errors) out.write(`error: ${e.operation}: ${e.message}\n`);
  for (const h of s.health) out.write(`${h.up ? "UP  " : "DOWN"} ${h.dest} of ${h.service} (${h.check}): ${h.lastMessage}\n`);
  for (const d of s.draining) out.write(`draining ${d.dest} of ${d.service} since ${d.since}: ${d.activeConns} active\n`);
  for (const f of s.foreignServices) out.write(`foreign service left alone: ${f}\n`);
  for (const d of s.drift.slice(-5)) out.write(`drift at ${d.at}: ${d.found.join("; ")}\n`);
  return s.errors.length ? 2 : 0;
}
