import { z } from "zod";
import { KernelConnection } from "../model/ipvs-state.ts";
import { destKey, serviceKey } from "../model/keys.ts";

/**
 * The connection table view (`ipvsadm -Lcn`), fetched on demand: the console sends a query to
 * the agent, the agent lists the kernel's connections (netlink or ipvsadm -Lcn through
 * parseIpvsadmConnections) and answers with listConnections(). A busy director holds millions of
 * entries, so the agent filters and caps before anything crosses the network.
 */
export const ConnectionQuery = z.object({
  /** serviceKey, e.g. "tcp 10.0.0.1:80". fwmark services cannot be matched: connections carry the packet's address. */
  service: z.string().max(200).optional(),
  /** destKey of a real server, e.g. "10.0.1.1:80". */
  dest: z.string().max(200).optional(),
  /** Exact client address. */
  client: z.string().max(100).optional(),
  /** Connection state as ipvsadm prints it, e.g. "ESTABLISHED", case-insensitive. */
  state: z.string().max(40).optional(),
  limit: z.number().int().min(1).max(10_000).default(1_000),
});
export type ConnectionQuery = z.input<typeof ConnectionQuery>;

export const ConnectionListing = z.object({
  /** When the agent read the table, unix ms. */
  t: z.number().int().positive(),
  /** Connections matching the query before the limit. */
  total: z.number().int().nonnegative(),
  truncated: z.boolean(),
  connections: z.array(KernelConnection),
});
export type ConnectionListing = z.infer<typeof ConnectionListing>;

function familyOf(address: string): "inet" | "inet6" {
  return address.includes(":") ? "inet6" : "inet";
}

function protocolOf(p: string): "tcp" | "udp" | "sctp" | null {
  const l = p.toLowerCase();
  return l === "tcp" || l === "udp" || l === "sctp" ? l : null;
}

export function connectionServiceKey(c: KernelConnection): string | null {
  const protocol = protocolOf(c.protocol);
  return protocol ? serviceKey({ protocol, family: familyOf(c.virtualAddress), address: c.virtualAddress, port: c.virtualPort }) : null;
}

export function listConnections(all: readonly KernelConnection[], query: ConnectionQuery, t: number): ConnectionListing {
  const q = ConnectionQuery.parse(query);
  const state = q.state?.toUpperCase();
  const out: KernelConnection[] = [];
  let total = 0;
  for (const c of all) {
    if (q.service !== undefined && connectionServiceKey(c) !== q.service) continue;
    if (q.dest !== undefined && destKey({ address: c.destAddress, port: c.destPort }) !== q.dest) continue;
    if (q.client !== undefined && c.clientAddress !== q.client) continue;
    if (state !== undefined && c.state.toUpperCase() !== state) continue;
    total++;
    if (out.length < q.limit) out.push(c);
  }
  return { t, total, truncated: total > out.length, connections: out };
}

/**
 * What the agent POSTs back for a connection-table request: the listing, or why it could not
 * read the table (no IPVS, permission), shown to the operator as is.
 */
export const ConnectionAnswer = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), listing: ConnectionListing }),
  z.object({ ok: z.literal(false), error: z.string().min(1).max(2000) }),
]);
export type ConnectionAnswer = z.infer<typeof ConnectionAnswer>;
