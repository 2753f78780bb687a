import { z } from "zod";
import { Cidr, IpAddress } from "./address.ts";
import { DirectorRole } from "./enums.ts";
import { VirtualService } from "./virtual-service.ts";

const iface = z
  .string()
  .min(1)
  .max(15)
  .regex(/^[A-Za-z0-9_.:@-]+$/, "not an interface name");

/** IPVS connection timeouts (ipvsadm --set tcp tcpfin udp), seconds; 0 leaves the kernel value. */
export const Timeouts = z.object({
  tcp: z.number().int().min(0).max(2_147_483).default(0),
  tcpFin: z.number().int().min(0).max(2_147_483).default(0),
  udp: z.number().int().min(0).max(2_147_483).default(0),
});
export type Timeouts = z.infer<typeof Timeouts>;

/** IPVS connection synchronisation daemon (ipvsadm --start-daemon, keepalived lvs_sync_daemon). */
export const SyncDaemon = z.object({
  enabled: z.boolean().default(false),
  interface: iface,
  syncId: z.number().int().min(0).max(255).default(0),
  /** Max sync message size in bytes (--mcast-... sync_maxlen). */
  maxLen: z.number().int().min(0).max(65_507).optional(),
  mcastGroup: IpAddress.optional(),
  mcastPort: z.number().int().min(1).max(65535).optional(),
  mcastTtl: z.number().int().min(1).max(255).optional(),
});
export type SyncDaemon = z.infer<typeof SyncDaemon>;

/** VRRP instance moving the VIPs between the primary and the backup director. */
export const Vrrp = z.object({
  instance: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.-]+$/)
    .default("VI_1"),
  interface: iface,
  virtualRouterId: z.number().int().min(1).max(255),
  priorityPrimary: z.number().int().min(1).max(254).default(150),
  priorityBackup: z.number().int().min(1).max(254).default(100),
  /** Advertisement interval in seconds. */
  advertInterval: z.number().min(0.01).max(255).default(1),
  authType: z.enum(["none", "PASS", "AH"]).default("none"),
  /** VRRP password (PASS/AH use only the first 8 characters). */
  authPass: z.string().max(8).optional(),
  preempt: z.boolean().default(true),
  /** Seconds to wait before preempting after start. */
  preemptDelay: z.number().int().min(0).max(1000).optional(),
  /** Unicast VRRP (keepalived unicast_src_ip / unicast_peer): each director advertises to the
   * others' management addresses instead of the multicast group, for networks without multicast. */
  unicast: z.boolean().optional(),
});
export type Vrrp = z.infer<typeof Vrrp>;

export const Director = z.object({
  id: z.string().optional(),
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, - _ . only"),
  /** Address the console and operators reach the director on. */
  managementAddress: IpAddress,
  publicInterface: iface.default("eth0"),
  privateInterface: iface.optional(),
  /** The director's address on the public side (CIDR), used for VRRP and lvs.cf primary/backup. */
  publicAddress: Cidr.optional(),
  /** The DIP (CIDR) on the private side: NAT real servers must route back through it. */
  privateAddress: Cidr.optional(),
  role: DirectorRole.default("primary"),
});
export type Director = z.infer<typeof Director>;

export const Cluster = z.object({
  id: z.string().optional(),
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, - _ . only"),
  description: z.string().max(1024).default(""),
  timeouts: Timeouts.default({ tcp: 0, tcpFin: 0, udp: 0 }),
  syncDaemon: SyncDaemon.optional(),
  vrrp: Vrrp.optional(),
  directors: z.array(Director).default([]),
  virtualServices: z.array(VirtualService).default([]),
});
export type Cluster = z.infer<typeof Cluster>;
export type ClusterInput = z.input<typeof Cluster>;
