import type { KernelDest, KernelService, KernelTimeouts } from "../model/ipvs-state.ts";
import type { ServiceKeyParts } from "../model/keys.ts";

/** A service as the kernel configures it, without its real servers. */
export type ServiceSpec = Omit<KernelService, "dests">;

/**
 * One change to the IPVS table. The planner emits these in order; the agent's kernel interface
 * applies them (netlink batch, or an `ipvsadm -R` batch as fallback). There is deliberately no
 * "flush": convergence is always by these small steps.
 */
export type Operation =
  | { kind: "set-timeouts"; timeouts: KernelTimeouts }
  | { kind: "add-service"; service: ServiceSpec }
  | { kind: "edit-service"; service: ServiceSpec; before: ServiceSpec }
  | { kind: "delete-service"; service: ServiceSpec }
  | { kind: "add-dest"; service: ServiceKeyParts; dest: KernelDest }
  | { kind: "edit-dest"; service: ServiceKeyParts; dest: KernelDest; before: KernelDest }
  /** Graceful removal, step one: weight 0 so no new connections go there; deletion comes later. */
  | { kind: "drain-dest"; service: ServiceKeyParts; dest: KernelDest; before: KernelDest }
  | { kind: "delete-dest"; service: ServiceKeyParts; dest: KernelDest };

export type OperationKind = Operation["kind"];
