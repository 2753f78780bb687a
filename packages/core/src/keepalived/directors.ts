/**
 * Which directors a keepalived.conf names. A hand-written file is one director's: router_id is
 * its name, the VRRP state/priority its role, unicast_src_ip (or mcast_src_ip) its address; a
 * vrrp_instance means a peer exists, and unicast_peer gives its address. A file Shoal wrote says
 * both directors in its header ("# Directors: lb1 10.0.0.1 primary (this file), lb2 ...").
 * Proposals without an address are asked for in the import preview, never invented.
 */
import { canonicalAddress, familyOf } from "../model/address.ts";
import type { DirectorRole } from "../model/enums.ts";

export interface DirectorProposal {
  name: string;
  role: DirectorRole;
  /** Absent when the file does not say it: the operator gives it in the preview. */
  managementAddress?: string;
  /** This file's own director, or the VRRP peer it implies. */
  self: boolean;
  /** Where the proposal comes from, for the preview ("router_id lb1, state MASTER, priority 150"). */
  from: string;
}

const HEADER = /^\s*#\s*Directors:\s*(.+?)\.?\s*$/;
const ENTRY = /^([A-Za-z0-9_.-]{1,64}) (\S+) (primary|backup)( \(this file\))?$/;

/** The header line Shoal writes after its first one. */
export function directorsHeader(list: { name: string; managementAddress: string; role: DirectorRole; self: boolean }[]): string {
  return `# Directors: ${list.map((d) => `${d.name} ${d.managementAddress} ${d.role}${d.self ? " (this file)" : ""}`).join(", ")}.`;
}

export function readDirectorsHeader(comment: string): DirectorProposal[] | undefined {
  const m = HEADER.exec(comment);
  if (!m) return undefined;
  const out: DirectorProposal[] = [];
  for (const part of m[1]!.split(", ")) {
    const e = ENTRY.exec(part.trim());
    if (!e || !familyOf(e[2]!)) return undefined;
    out.push({ name: e[1]!, role: e[3] as DirectorRole, managementAddress: canonicalAddress(e[2]!), self: !!e[4], from: "Shoal header" });
  }
  return out.length ? out : undefined;
}

/** A router_id as a director name the model accepts. */
export function directorName(routerId: string): string {
  return routerId.replace(/[^A-Za-z0-9_.-]/g, "-").slice(0, 64) || "director";
}

export interface VrrpFacts {
  routerId?: string;
  state?: "MASTER" | "BACKUP";
  priority?: number;
  srcIp?: string;
  peers: string[];
  hasVrrp: boolean;
}

/** From what a hand-written file says: its director, and its peer when VRRP makes one evident. */
export function proposeDirectors(f: VrrpFacts, role: DirectorRole): DirectorProposal[] {
  if (!f.hasVrrp && !f.routerId) return [];
  const name = directorName(f.routerId ?? role);
  const said = [f.routerId ? `router_id ${f.routerId}` : "", f.state ? `state ${f.state}` : "", f.priority !== undefined ? `priority ${f.priority}` : ""]
    .filter(Boolean)
    .join(", ");
  const self: DirectorProposal = { name, role, self: true, from: said || "vrrp_instance" };
  if (f.srcIp) self.managementAddress = f.srcIp;
  const out = [self];
  if (f.hasVrrp && f.peers.length <= 1) {
    const peer: DirectorProposal = {
      name: `${name}-peer`.slice(0, 64),
      role: role === "primary" ? "backup" : "primary",
      self: false,
      from: f.peers[0] ? `unicast_peer ${f.peers[0]}` : "the vrrp_instance (its peer)",
    };
    if (f.peers[0]) peer.managementAddress = f.peers[0];
    out.push(peer);
  }
  return out;
}
