import { z } from "zod";

/**
 * GET /api/agent/v1/requests: a console -> agent request, long-polled by the agent (the
 * console never connects to a director). `kind` is open: an agent answers a kind it does not know
 * with an error naming it, instead of refusing the whole message.
 */
export const ConsoleRequestKind = z.enum(["connections"]);
export type ConsoleRequestKind = z.infer<typeof ConsoleRequestKind>;

export const ConsoleRequest = z.object({ id: z.string().min(1).max(64), kind: z.string().min(1).max(40), body: z.unknown() });
export type ConsoleRequest = z.infer<typeof ConsoleRequest>;
