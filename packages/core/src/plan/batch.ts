import { destOptions, renderIpvsadmTimeouts, serviceArg, serviceOptions } from "../ipvsadm/render.ts";
import type { Operation } from "./operations.ts";

/**
 * A plan as an `ipvsadm -R` batch, one line per operation, in order: the fallback when the agent
 * cannot use netlink. -E/-e lines carry the full settings because ipvsadm replaces them all
 * (an -e without -x resets the threshold to 0). No comments: ipvsadm -R rejects the whole batch
 * on a "#" line. Note that -R reports a failing line and carries on, exiting 0: the caller must
 * read the table back (ipvsadm -S -n) to know the outcome.
 */
export function renderPlanBatch(ops: readonly Operation[]): string {
  const out: string[] = [];
  for (const op of ops) {
    switch (op.kind) {
      case "set-timeouts":
        out.push(renderIpvsadmTimeouts(op.timeouts));
        break;
      case "add-service":
        out.push(`-A ${serviceArg(op.service)}${serviceOptions(op.service)}\n`);
        break;
      case "edit-service":
        out.push(`-E ${serviceArg(op.service)}${serviceOptions(op.service)}\n`);
        break;
      case "delete-service":
        out.push(`-D ${serviceArg(op.service)}\n`);
        break;
      case "add-dest":
        out.push(`-a ${serviceArg(op.service)}${destOptions(op.dest)}\n`);
        break;
      case "edit-dest":
      case "drain-dest":
        out.push(`-e ${serviceArg(op.service)}${destOptions(op.dest)}\n`);
        break;
      case "delete-dest": {
        const a = op.dest.address;
        out.push(`-d ${serviceArg(op.service)} -r ${a.includes(":") ? `[${a}]` : a}:${op.dest.port}\n`);
        break;
      }
    }
  }
  return out.join("");
}
