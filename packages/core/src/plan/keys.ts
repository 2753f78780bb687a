import type { ServiceKeyParts } from "../model/keys.ts";

/*
 * serviceKey()/destKey() of model/keys.ts canonicalise the address on every call (ipaddr.js),
 * which dominates a 100,000-destination diff. IpvsState addresses are canonical already, so these
 * give the very same strings without that work. Use them only on IpvsState values.
 */

function hostPort(address: string, port: number): string {
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}

/** Same string as serviceKey(s) for a service whose address is canonical. */
export function stateServiceKey(s: ServiceKeyParts): string {
  if (s.protocol === "fwmark") return `fwmark ${s.fwmark ?? 0} ${s.family}`;
  return `${s.protocol} ${hostPort(s.address ?? "", s.port ?? 0)}`;
}

/** Same string as destKey(d) for a canonical address. */
export function stateDestKey(d: { address: string; port: number }): string {
  return hostPort(d.address, d.port);
}
