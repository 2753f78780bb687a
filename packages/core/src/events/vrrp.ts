import { z } from "zod";

/**
 * What the agent reports of keepalived's VRRP instances (field `vrrp` of the status report):
 * each instance's current state, and the transitions since the last report (keepalived's notify
 * FIFO). Agreed with the HA work: `transitions` is the recent history, newest last, each
 * identified by its time, so a report sent twice records a transition once.
 */
export const VrrpState = z.enum(["INIT", "BACKUP", "MASTER", "FAULT", "STOP"]);
export type VrrpState = z.infer<typeof VrrpState>;

export const VrrpReport = z.object({
  instances: z
    .array(z.object({ instance: z.string().min(1).max(100), state: VrrpState, since: z.string().max(64).optional() }))
    .max(256)
    .default([]),
  transitions: z
    .array(
      z.object({ instance: z.string().min(1).max(100), from: VrrpState.nullable().default(null), to: VrrpState, at: z.string().max(64), reason: z.string().max(500).optional() }),
    )
    .max(200)
    .default([]),
});
export type VrrpReport = z.infer<typeof VrrpReport>;
