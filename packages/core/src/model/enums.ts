import { z } from "zod";

/** Every IPVS scheduler the kernel ships (net/netfilter/ipvs/ip_vs_*.c). */
export const SCHEDULERS = ["rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos"] as const;
export const Scheduler = z.enum(SCHEDULERS);
export type Scheduler = z.infer<typeof Scheduler>;

const KNOWN_SCHEDULERS: ReadonlySet<string> = new Set(SCHEDULERS);
export function isScheduler(name: string): name is Scheduler {
  return KNOWN_SCHEDULERS.has(name);
}

/** The one wording of an unknown scheduler, for every importer (ipvsadm -s, keepalived lvs_sched,
 * lvs.cf scheduler): the kernel refuses such a service, so an import must not guess another. */
export function unknownSchedulerMessage(name: string): { en: string; zh: string } {
  return {
    en: `scheduler '${name}' is not one the kernel ships (${SCHEDULERS.join(", ")})`,
    zh: `调度算法 '${name}' 不是内核自带的（${SCHEDULERS.join("、")}）`,
  };
}

/** Scheduler flags (IP_VS_SVC_F_SCHED1..3); the kernel only gives them meaning for sh and mh. */
export const SCHED_FLAGS = ["sh-fallback", "sh-port", "mh-fallback", "mh-port"] as const;
export const SchedFlag = z.enum(SCHED_FLAGS);
export type SchedFlag = z.infer<typeof SchedFlag>;

/** A virtual service is keyed either by protocol+address+port or by a firewall mark. */
export const PROTOCOLS = ["tcp", "udp", "sctp", "fwmark"] as const;
export const Protocol = z.enum(PROTOCOLS);
export type Protocol = z.infer<typeof Protocol>;

export const FAMILIES = ["inet", "inet6"] as const;
export const Family = z.enum(FAMILIES);
export type Family = z.infer<typeof Family>;

/** Forwarding method: masq = NAT (-m), route = DR / gatewaying (-g), tunnel = TUN (-i). */
export const FORWARDING_METHODS = ["masq", "route", "tunnel"] as const;
export const Forwarding = z.enum(FORWARDING_METHODS);
export type Forwarding = z.infer<typeof Forwarding>;

/** Tunnel encapsulation for tunnel (TUN) real servers (kernel >= 5.2 for gue/gre). */
export const TUNNEL_TYPES = ["ipip", "gue", "gre"] as const;
export const TunnelType = z.enum(TUNNEL_TYPES);
export type TunnelType = z.infer<typeof TunnelType>;

/** GUE/GRE checksum options: none, outer checksum, remote checksum offload. */
export const TUNNEL_CSUMS = ["nocsum", "csum", "remcsum"] as const;
export const TunnelCsum = z.enum(TUNNEL_CSUMS);
export type TunnelCsum = z.infer<typeof TunnelCsum>;

/** Persistence engines the kernel has (ip_vs_pe_sip). */
export const PERSISTENCE_ENGINES = ["sip"] as const;
export const PersistenceEngine = z.enum(PERSISTENCE_ENGINES);
export type PersistenceEngine = z.infer<typeof PersistenceEngine>;

export const DIRECTOR_ROLES = ["primary", "backup"] as const;
export const DirectorRole = z.enum(DIRECTOR_ROLES);
export type DirectorRole = z.infer<typeof DirectorRole>;
