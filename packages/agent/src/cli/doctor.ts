import { createAddressKernel, createSysctl } from "../kernel/index.ts";
import { doctorDirector, doctorRealServer, type Finding } from "../doctor/run.ts";
import { currentRevision, type Context } from "./context.ts";

/** `shoal-agent doctor`: prints one line per check with the fix; exit 1 when any check fails. */
export async function doctorCommand(ctx: Context, opts: { realserver: boolean }, out = process.stdout): Promise<number> {
  const cluster = await currentRevision(ctx).then(
    (r) => r.rev.cluster,
    () => undefined,
  );
  const deps = { addresses: createAddressKernel(), sysctl: createSysctl(), ...(cluster ? { cluster } : {}) };
  const findings: Finding[] = opts.realserver ? await doctorRealServer(deps) : await doctorDirector(deps);
  for (const f of findings) {
    out.write(`${f.level.toUpperCase().padEnd(4)} ${f.check}: ${f.detail}\n`);
    if (f.fix && f.level !== "ok") out.write(`     fix: ${f.fix}\n`);
  }
  const failed = findings.filter((f) => f.level === "fail").length;
  out.write(`${failed ? `${failed} problem(s) found` : "no problems found"}\n`);
  return failed ? 1 : 0;
}
