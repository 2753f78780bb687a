import type { Message } from "../diagnostics.ts";
import type { IpvsState } from "../model/ipvs-state.ts";
import type { Operation } from "./operations.ts";
import { IpvsTable } from "./table.ts";

/** An operation the kernel would refuse at this point of the batch (e.g. adding a service twice). */
export class ApplyError extends Error {
  constructor(
    readonly index: number,
    readonly operation: Operation,
    readonly detail: Message,
  ) {
    super(`operation ${index} (${operation.kind}): ${detail.en}`);
    this.name = "ApplyError";
  }
}

/**
 * What the kernel's table becomes after `ops`, computed without a kernel: a model of IPVS for
 * tests, dry runs and the agent's bookkeeping. Pure (the input is not modified). Throws
 * ApplyError where the kernel would fail (EEXIST, ESRCH, ENOENT).
 */
export function applyOperations(state: IpvsState, ops: readonly Operation[]): IpvsState {
  const t = new IpvsTable(state);
  ops.forEach((op, i) => {
    let err: Message | undefined;
    switch (op.kind) {
      case "set-timeouts":
        t.setTimeouts(op.timeouts);
        break;
      case "add-service":
        err = t.addService(op.service);
        break;
      case "edit-service":
        err = t.editService(op.service);
        break;
      case "delete-service":
        err = t.deleteService(op.service);
        break;
      case "add-dest":
        err = t.addDest(op.service, op.dest);
        break;
      case "edit-dest":
      case "drain-dest":
        err = t.editDest(op.service, op.dest);
        break;
      case "delete-dest":
        err = t.deleteDest(op.service, op.dest);
        break;
    }
    if (err) throw new ApplyError(i, op, err);
  });
  return t.toState();
}
