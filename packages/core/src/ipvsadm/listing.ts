import type { Forwarding, Family, SchedFlag, TunnelCsum, TunnelType } from "../model/enums.ts";
import type { Counters, IpvsState, KernelDest, KernelService, Rates } from "../model/ipvs-state.ts";

/** Which columns a listing carries: `ipvsadm -Ln` (connections) or with --stats, --rate, ... */
export type ListColumns = "connections" | "stats" | "rate" | "thresholds" | "persistent-conn" | "tun-info";

/** A real server as a listing shows it; which fields are present depends on the columns. */
export interface ListedDest {
  address: string;
  port: number;
  forwarding?: Forwarding;
  /** The kernel found the address local ("Local"): the configured method is not shown. */
  local?: boolean;
  weight?: number;
  upperThreshold?: number;
  lowerThreshold?: number;
  tunnelType?: TunnelType;
  tunnelPort?: number;
  tunnelCsum?: TunnelCsum;
  activeConns?: number;
  inactiveConns?: number;
  persistConns?: number;
  counters?: Counters;
  rates?: Rates;
}

export interface ListedService {
  protocol: KernelService["protocol"];
  family: Family;
  address?: string;
  port?: number;
  fwmark?: number;
  scheduler?: string;
  schedFlags?: SchedFlag[];
  persistence?: number;
  persistenceNetmask?: number;
  persistenceEngine?: "sip";
  onePacket?: boolean;
  counters?: Counters;
  rates?: Rates;
  dests: ListedDest[];
}

export interface IpvsListing {
  /** "1.2.1" from the "IP Virtual Server version" line, when present. */
  version?: string;
  /** Connection hash table size (size=4096). */
  connTableSize?: number;
  columns: ListColumns;
  /** False when ipvsadm abbreviated a number (K, M, G, T without --exact): such values are rounded down. */
  exact: boolean;
  services: ListedService[];
}

/**
 * The table a plain or --tun-info listing describes (thresholds are not shown there and come back
 * as 0; a "Local" real server comes back as route, the kernel's default). Undefined for column
 * sets that do not show the scheduler, forwarding method and weight.
 */
export function listingToState(listing: IpvsListing): IpvsState | undefined {
  if (listing.columns !== "connections" && listing.columns !== "tun-info") return undefined;
  const services = listing.services.map((s): KernelService => {
    const out: KernelService = {
      protocol: s.protocol,
      family: s.family,
      scheduler: s.scheduler ?? "wlc",
      schedFlags: s.schedFlags ?? [],
      onePacket: s.onePacket ?? false,
      dests: [],
    };
    if (s.protocol === "fwmark") out.fwmark = s.fwmark;
    else {
      out.address = s.address;
      out.port = s.port;
    }
    if (s.persistence !== undefined) out.persistence = s.persistence;
    if (s.persistenceNetmask !== undefined) out.persistenceNetmask = s.persistenceNetmask;
    if (s.persistenceEngine) out.persistenceEngine = s.persistenceEngine;
    out.dests = s.dests.map((d): KernelDest => {
      const k: KernelDest = {
        address: d.address,
        port: d.port,
        forwarding: d.forwarding ?? "route",
        weight: d.weight ?? 0,
        upperThreshold: d.upperThreshold ?? 0,
        lowerThreshold: d.lowerThreshold ?? 0,
      };
      if (d.tunnelType) k.tunnelType = d.tunnelType;
      if (d.tunnelPort !== undefined) k.tunnelPort = d.tunnelPort;
      if (d.tunnelCsum) k.tunnelCsum = d.tunnelCsum;
      return k;
    });
    return out;
  });
  return { services };
}
