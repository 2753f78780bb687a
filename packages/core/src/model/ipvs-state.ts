import { z } from "zod";
import { Family, Forwarding, PersistenceEngine, SchedFlag, TunnelCsum, TunnelType } from "./enums.ts";

/**
 * What the kernel's IPVS table holds, as `ipvsadm -S -n`, /proc/net/ip_vs or a netlink dump
 * show it. This is the planner's input and output vocabulary; the topology (Cluster) maps onto it
 * through desiredState(). Addresses are canonical text (see canonicalAddress).
 */
export const KernelDest = z.object({
  address: z.string(),
  port: z.number().int().min(0).max(65535),
  forwarding: Forwarding,
  weight: z.number().int().min(0).max(2_147_483_647),
  upperThreshold: z.number().int().min(0).default(0),
  lowerThreshold: z.number().int().min(0).default(0),
  tunnelType: TunnelType.optional(),
  tunnelPort: z.number().int().min(0).max(65535).optional(),
  tunnelCsum: TunnelCsum.optional(),
});
export type KernelDest = z.infer<typeof KernelDest>;

export const KernelService = z.object({
  protocol: z.enum(["tcp", "udp", "sctp", "fwmark"]),
  family: Family,
  /** Absent for fwmark services. */
  address: z.string().optional(),
  port: z.number().int().min(0).max(65535).optional(),
  fwmark: z.number().int().min(1).optional(),
  scheduler: z.string(),
  schedFlags: z.array(SchedFlag).default([]),
  /** Persistence timeout in seconds, absent when not persistent. */
  persistence: z.number().int().min(1).optional(),
  /** Persistence netmask as a prefix length; absent = /32 (v4) or /128 (v6), the kernel default. */
  persistenceNetmask: z.number().int().min(0).max(128).optional(),
  persistenceEngine: PersistenceEngine.optional(),
  onePacket: z.boolean().default(false),
  dests: z.array(KernelDest).default([]),
});
export type KernelService = z.infer<typeof KernelService>;

export const KernelTimeouts = z.object({
  tcp: z.number().int().min(0),
  tcpFin: z.number().int().min(0),
  udp: z.number().int().min(0),
});
export type KernelTimeouts = z.infer<typeof KernelTimeouts>;

export const IpvsState = z.object({
  services: z.array(KernelService).default([]),
  /** Absent when the source does not show them (ipvsadm -S does not). */
  timeouts: KernelTimeouts.optional(),
});
export type IpvsState = z.infer<typeof IpvsState>;

/** Counters as the kernel keeps them (exact, not K/M-suffixed). */
export const Counters = z.object({
  conns: z.number().min(0),
  inPkts: z.number().min(0),
  outPkts: z.number().min(0),
  inBytes: z.number().min(0),
  outBytes: z.number().min(0),
});
export type Counters = z.infer<typeof Counters>;

/** Per-second rates as the kernel estimates them (ipvsadm --rate). */
export const Rates = z.object({
  cps: z.number().min(0),
  inPps: z.number().min(0),
  outPps: z.number().min(0),
  inBps: z.number().min(0),
  outBps: z.number().min(0),
});
export type Rates = z.infer<typeof Rates>;

/** One connection of `ipvsadm -Lcn`. */
export const KernelConnection = z.object({
  protocol: z.string(),
  expiresInSeconds: z.number().min(0),
  state: z.string(),
  clientAddress: z.string(),
  clientPort: z.number().int(),
  virtualAddress: z.string(),
  virtualPort: z.number().int(),
  destAddress: z.string(),
  destPort: z.number().int(),
});
export type KernelConnection = z.infer<typeof KernelConnection>;
