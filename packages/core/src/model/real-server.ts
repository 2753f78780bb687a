import { z } from "zod";
import { IpAddress } from "./address.ts";
import { Forwarding, TunnelCsum, TunnelType } from "./enums.ts";
import { HealthCheck } from "./health-check.ts";

/** Encapsulation of a tunnel (TUN) real server; ipip is the kernel default. */
export const Tunnel = z.object({
  type: TunnelType.default("ipip"),
  /** UDP destination port of the GUE encapsulation (required for gue). */
  port: z.number().int().min(1).max(65535).optional(),
  csum: TunnelCsum.default("nocsum"),
});
export type Tunnel = z.infer<typeof Tunnel>;

export const RealServer = z.object({
  /** Stable id given by the console; absent in parsed files. */
  id: z.string().optional(),
  address: IpAddress,
  /** Port on the real server; 0 for fwmark services without port mapping. */
  port: z.number().int().min(0).max(65535),
  forwarding: Forwarding.default("route"),
  tunnel: Tunnel.optional(),
  /** IPVS weight; 0 quiesces the real server (no new connections). */
  weight: z.number().int().min(0).max(65535).default(1),
  /** Upper connection threshold (-x); 0 = no limit. */
  upperThreshold: z.number().int().min(0).max(2_147_483_647).default(0),
  /** Lower connection threshold (-y); 0 = unset. */
  lowerThreshold: z.number().int().min(0).max(2_147_483_647).default(0),
  enabled: z.boolean().default(true),
  /** Overrides the virtual service's health check for this real server. */
  healthCheck: HealthCheck.optional(),
  /** Piranha "server NAME" / an operator's label. */
  name: z.string().max(64).optional(),
  description: z.string().max(1024).default(""),
});
export type RealServer = z.infer<typeof RealServer>;
export type RealServerInput = z.input<typeof RealServer>;
