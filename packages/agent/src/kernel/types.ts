import type { Counters, IpvsState, KernelService, KernelTimeouts, Operation, Rates, ServiceKeyParts } from "@shoal/core";

/**
 * The one narrow interface through which the agent touches a director's kernel.
 * Everything above it (reconcile, health checks, console) is kernel-agnostic; everything below
 * it (netlink encoding, ipvsadm processes, /proc parsing) is replaceable.
 */

/** Which implementation is talking to IPVS, for logs and `shoal-agent doctor`. */
export type IpvsBackendName = "netlink" | "ipvsadm";

/** Live figures for one service or real server, exact as the kernel keeps them. */
export interface KernelStats {
  counters: Counters;
  rates: Rates;
}

export interface DestStats extends KernelStats {
  /** Same identity as KernelDest: canonical address text and port. */
  address: string;
  port: number;
  activeConns: number;
  inactiveConns: number;
  persistentConns: number;
}

export interface ServiceStats extends KernelStats {
  /** serviceKey() of the service (core's keys.ts), e.g. "tcp 10.0.0.1:80". */
  key: string;
  dests: DestStats[];
}

/** One virtual service's counters from the one service dump, and what names it to the kernel. */
export interface ServiceCounters {
  /** stateServiceKey() of the service, as ServiceStats.key. */
  key: string;
  service: ServiceKeyParts;
  counters: Counters;
}

/** One real server's live figures, as the live counters take them. */
export interface DestCounters {
  address: string;
  port: number;
  weight: number;
  activeConns: number;
  inactiveConns: number;
  counters: Counters;
}

export interface IpvsSnapshot {
  state: IpvsState;
  /** One entry per service of state.services, same order. */
  stats: ServiceStats[];
}

/** Why the kernel refused one operation, in the kernel's (ipvsadm's) words. */
export interface KernelOpError {
  /** Index of the operation in the list given to apply(). */
  index: number;
  op: Operation;
  /** Positive errno the kernel returned (e.g. 22 for EINVAL). 0 if the backend could not tell. */
  errno: number;
  /** The message ipvsadm prints for this errno and operation, e.g. "No such destination". */
  message: string;
}

/**
 * Outcome of apply(). Operations are applied in order. On the first refusal the backend stops
 * handing further operations to the kernel.
 *
 * `applied` holds the indexes the kernel accepted. With netlink batching, operations of the same
 * batch that come after the refused one were already in the kernel's hands: those the kernel
 * accepted are listed in `applied` too, and any it also refused are in `errors` after the first.
 * `notAttempted` are the indexes never given to the kernel. The caller should re-read the kernel
 * and re-plan rather than reason about partial application.
 */
export interface ApplyResult {
  ok: boolean;
  applied: number[];
  /** Empty when ok. errors[0] is the first refusal, the one that stopped the apply. */
  errors: KernelOpError[];
  notAttempted: number[];
  backend: IpvsBackendName;
}

/** Connections of one real server: what the drain decision needs, and all /proc/net/ip_vs shows. */
export interface DestConns {
  active: number;
  inactive: number;
}

/** What a reconcile plans from: the table, and each real server's connections. */
export interface PlanView {
  state: IpvsState;
  /** A real server's connections by core's stateServiceKey / stateDestKey; undefined: not in the table. */
  conns: (serviceKey: string, destKey: string) => DestConns | undefined;
  /** Where it came from, for logs and the benchmark, e.g. "proc + netlink for 3 services". */
  source: string;
  /**
   * True when the table is as the previous read returned it (connection counts aside): `state`
   * is then that same object, not parsed again, and must not be modified.
   */
  unchanged?: boolean;
}

export interface PlanReadOptions {
  /**
   * Read everything through netlink (and check /proc against it): at start and now and then, so
   * a hand-made change to what /proc cannot show (thresholds, tunnel details, scheduler flags,
   * pe, one-packet on IPv6) is still found.
   */
  full: boolean;
  /** Services (by key) to read through netlink even when /proc lists them: see plan-read.ts. */
  exact: (serviceKey: string) => boolean;
  /**
   * The desired service of this key, if any: a service read that the planner would find the
   * same may be returned as this very object, so the reader keeps no copy of a converged table.
   */
  desired?: (serviceKey: string) => KernelService | undefined;
}

export interface IpvsKernel {
  readonly backend: IpvsBackendName;
  /**
   * The table for planning, the cheap way where the backend has one (netlink: one read of
   * /proc/net/ip_vs of this process's network namespace, netlink for the services that need
   * it). Absent: plan from readWithStats().
   */
  readPlanView?(opts: PlanReadOptions): Promise<PlanView>;
  /** The IPVS table (services, real servers, timeouts) without statistics. */
  read(): Promise<IpvsState>;
  /** The table plus per-service and per-real-server counters, rates and connection counts. */
  readWithStats(): Promise<IpvsSnapshot>;
  /**
   * Every virtual service's counters, without their real servers: ONE dump (a table of N services
   * otherwise costs N + 1). Absent: the live counters use readWithStats().
   */
  readServiceCounters?(): Promise<ServiceCounters[]>;
  /** The real servers of these services only (one dump each); undefined for a service gone since. */
  readDestCounters?(services: readonly ServiceKeyParts[]): Promise<(DestCounters[] | undefined)[]>;
  /** Applies planned operations in order; never flushes. Never throws for a kernel refusal. */
  apply(ops: readonly Operation[]): Promise<ApplyResult>;
  readTimeouts(): Promise<KernelTimeouts>;
  close(): Promise<void>;
}

/** One address on an interface as `ip -j addr` shows it. */
export interface InterfaceAddress {
  /** Canonical text, without prefix. */
  address: string;
  prefix: number;
  family: "inet" | "inet6";
  iface: string;
  /** IPv4 label, e.g. "eth0:1" (what Piranha/ifconfig call an alias); absent when none. */
  label?: string;
}

export interface AddressKernel {
  list(iface?: string): Promise<InterfaceAddress[]>;
  /** `ip addr add ADDRESS/PREFIX dev IFACE [label LABEL]`; adding an address already there is a no-op. */
  add(a: Omit<InterfaceAddress, "family"> & { family?: "inet" | "inet6" }): Promise<void>;
  /** Removing an address that is not there is a no-op. */
  remove(a: { address: string; prefix: number; iface: string }): Promise<void>;
}

/** Kernel parameters by their sysctl name, e.g. "net.ipv4.ip_forward", "net.ipv4.vs.expire_nodest_conn". */
export interface Sysctl {
  /** undefined when the parameter does not exist in this kernel (e.g. module not loaded). */
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
}

/** A refusal from the address or sysctl side, with the command/file and the system's own message. */
export class KernelCommandError extends Error {
  constructor(
    readonly what: string,
    readonly detail: string,
    readonly errno?: number,
  ) {
    super(`${what}: ${detail}`);
    this.name = "KernelCommandError";
  }
}
