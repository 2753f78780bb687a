import { z } from "zod";
import { IpAddress } from "./address.ts";
import { Family, PersistenceEngine, Protocol, SchedFlag, Scheduler } from "./enums.ts";
import { HealthCheck } from "./health-check.ts";
import { RealServer } from "./real-server.ts";

/** Where traffic goes when every real server (or the quorum) is down. */
export const SorryServer = z.object({
  address: IpAddress,
  port: z.number().int().min(0).max(65535),
});
export type SorryServer = z.infer<typeof SorryServer>;

/**
 * A virtual service: protocol + VIP + port, or a firewall mark (fwmark services carry no
 * address or port; family says whether the mark is matched for IPv4 or IPv6).
 * Semantic rules (fwmark without address, flags only on sh/mh, ...) live in validate/.
 */
export const VirtualService = z.object({
  id: z.string().optional(),
  /** Operator's name (Piranha "virtual NAME"); letters, digits, - _ . */
  name: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9_.-]*$/)
    .optional(),
  protocol: Protocol.default("tcp"),
  family: Family.default("inet"),
  /** The VIP; absent for fwmark services. */
  address: IpAddress.optional(),
  port: z.number().int().min(0).max(65535).optional(),
  fwmark: z.number().int().min(1).max(4_294_967_295).optional(),
  /** Interface the VIP is brought up on by the director (e.g. eth0). */
  vipInterface: z.string().max(15).optional(),
  /** Alias label of the VIP (eth0:1), as Piranha and ifconfig users know it. */
  vipLabel: z.string().max(15).optional(),
  /** Prefix length the VIP is brought up with (keepalived "192.0.2.20/24", lvs.cf vip_nmask);
   * absent = a host address, /32 or /128. Kept because the prefix decides the connected route. */
  vipPrefix: z.number().int().min(0).max(128).optional(),
  scheduler: Scheduler.default("wlc"),
  schedFlags: z.array(SchedFlag).default([]),
  /** Persistence timeout in seconds; absent = not persistent. */
  persistence: z.number().int().min(1).max(2_147_483).optional(),
  /** Persistence granularity as a prefix length (v4 0..32, rendered as a mask; v6 0..128). */
  persistenceNetmask: z.number().int().min(0).max(128).optional(),
  persistenceEngine: PersistenceEngine.optional(),
  /** One-packet scheduling (-o), for UDP: each datagram is scheduled on its own. */
  onePacket: z.boolean().default(false),
  sorryServer: SorryServer.optional(),
  /** Minimum total weight of healthy real servers before the sorry server takes over. */
  quorum: z.number().int().min(0).max(2_147_483_647).optional(),
  hysteresis: z.number().int().min(0).max(2_147_483_647).optional(),
  enabled: z.boolean().default(true),
  description: z.string().max(1024).default(""),
  healthCheck: HealthCheck.default({ type: "none" }),
  realServers: z.array(RealServer).default([]),
});
export type VirtualService = z.infer<typeof VirtualService>;
export type VirtualServiceInput = z.input<typeof VirtualService>;
