import { canonicalAddress, formatHostPort } from "./address.ts";

/** The identity of a virtual service in the kernel: what `ipvsadm -t/-u/--sctp-service/-f` names. */
export interface ServiceKeyParts {
  protocol: "tcp" | "udp" | "sctp" | "fwmark";
  family: "inet" | "inet6";
  address?: string | undefined;
  port?: number | undefined;
  fwmark?: number | undefined;
}

/** "tcp 10.0.0.1:80", "udp [2001:db8::1]:53", "fwmark 7 inet6": stable, human-readable, sortable. */
export function serviceKey(s: ServiceKeyParts): string {
  if (s.protocol === "fwmark") return `fwmark ${s.fwmark ?? 0} ${s.family}`;
  return `${s.protocol} ${formatHostPort(canonicalAddress(s.address ?? ""), s.port ?? 0)}`;
}

/** Identity of a real server inside one service: address and port. */
export function destKey(d: { address: string; port: number }): string {
  return formatHostPort(canonicalAddress(d.address), d.port);
}
