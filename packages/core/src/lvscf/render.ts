/**
 * Cluster -> Piranha lvs.cf. Writes the lvs.cf projection (see cannot-hold.ts) in the layout the
 * Piranha web tool itself writes: global keys, then one `virtual` block per service with its
 * `server` blocks. The heartbeat keys Shoal has no model for get Piranha's usual values.
 */
import { prefixToMask } from "../model/address.ts";
import type { Cluster } from "../model/cluster.ts";
import type { Forwarding } from "../model/enums.ts";
import type { VirtualService } from "../model/virtual-service.ts";
import { shoalHeader } from "../keepalived/located.ts";
import { clusterNetwork, heldServices, PIRANHA_SCHEDULERS, projectForLvsCf } from "./cannot-hold.ts";

const NETWORK: Record<Forwarding, string> = { masq: "nat", route: "direct", tunnel: "tunnel" };

/** A value as Piranha's tokenizer reads it back: always quoted, with a quote kind it does not contain. */
export function piranhaQuote(s: string): string {
  return s.includes('"') ? `'${s}'` : `"${s}"`;
}

/** Where the file differs from what the operator asked for, said in the file itself. */
function notes(original: VirtualService, network: Forwarding): string[] {
  const out: string[] = [];
  const c = original.healthCheck;
  if (c.type === "http") out.push(`# Shoal HTTP check approximated by nanny send/expect on the status line (${c.expectStatus.join(" ")}).`);
  if (c.type === "https") out.push("# Shoal HTTPS check: nanny cannot speak TLS, only the TCP connect is checked.");
  if (!PIRANHA_SCHEDULERS.includes(original.scheduler)) out.push(`# Shoal scheduler ${original.scheduler} is unknown to Piranha: wlc is used.`);
  if (original.realServers.some((r) => r.forwarding !== network))
    out.push(`# Some real servers use another forwarding method in Shoal: lvs.cf has one network (${NETWORK[network]}).`);
  if (original.realServers.some((r) => r.healthCheck)) out.push("# Per-real-server checks in Shoal: nanny checks every server of a virtual the same way.");
  return out;
}

function renderVirtual(lines: string[], vs: VirtualService, original: VirtualService, network: Forwarding): void {
  const i1 = "     ";
  const i2 = "         ";
  lines.push("", ...notes(original, network), `virtual ${vs.name} {`);
  lines.push(`${i1}active = ${vs.enabled ? 1 : 0}`);
  if (vs.protocol === "fwmark") lines.push(`${i1}fwmark = ${vs.fwmark}`);
  else {
    lines.push(`${i1}address = ${vs.address} ${vs.vipLabel ?? vs.vipInterface ?? "eth0"}`);
    lines.push(`${i1}vip_nmask = ${prefixToMask(vs.vipPrefix ?? 32)}`);
    lines.push(`${i1}port = ${vs.port ?? 0}`);
  }
  if (vs.persistence !== undefined) {
    lines.push(`${i1}persistent = ${vs.persistence}`);
    if (vs.persistenceNetmask !== undefined) lines.push(`${i1}pmask = ${prefixToMask(vs.persistenceNetmask)}`);
  }
  const c = vs.healthCheck;
  if (c.type === "send-expect") {
    if (c.send) lines.push(`${i1}send = ${piranhaQuote(c.send)}`);
    lines.push(`${i1}expect = ${piranhaQuote(c.expect)}`);
    lines.push(`${i1}use_regex = ${c.useRegex ? 1 : 0}`);
  } else if (c.type === "external") {
    lines.push(`${i1}send_program = ${piranhaQuote(c.command)}`);
  }
  lines.push(`${i1}load_monitor = none`);
  lines.push(`${i1}scheduler = ${vs.scheduler}`);
  if (vs.protocol !== "fwmark") lines.push(`${i1}protocol = ${vs.protocol}`);
  if (c.type !== "none") {
    lines.push(`${i1}timeout = ${c.timeout}`);
    lines.push(`${i1}reentry = ${c.interval}`);
    lines.push(`${i1}quiesce_server = ${c.onFailure === "quiesce" ? 1 : 0}`);
  }
  if (vs.sorryServer) lines.push(`${i1}sorry_server = ${vs.sorryServer.address}`);
  for (const rs of vs.realServers) {
    lines.push("", `${i1}server ${rs.name} {`);
    lines.push(`${i2}address = ${rs.address}`);
    lines.push(`${i2}active = ${rs.enabled ? 1 : 0}`);
    lines.push(`${i2}port = ${rs.port}`);
    lines.push(`${i2}weight = ${rs.weight}`);
    lines.push(`${i1}}`);
  }
  lines.push("}");
}

export function renderLvsCf(cluster: Cluster): string {
  const c = projectForLvsCf(cluster);
  const lines: string[] = [shoalHeader("lvs.cf", c.name), "# Edit the cluster in Shoal; changes made here are overwritten.", "serial_no = 1"];
  const primary = c.directors.find((d) => d.role === "primary");
  const backup = c.directors.find((d) => d.role === "backup");
  if (primary) lines.push(`primary = ${primary.managementAddress}`);
  lines.push("service = lvs");
  if (backup) lines.push("backup_active = 1", `backup = ${backup.managementAddress}`);
  else lines.push("backup_active = 0");
  lines.push("heartbeat = 1", "heartbeat_port = 539", "keepalive = 6", "deadtime = 18");
  lines.push(`network = ${NETWORK[clusterNetwork(c)]}`);
  lines.push("debug_level = NONE", "monitor_links = 0");
  if (c.syncDaemon) {
    lines.push(`syncdaemon = ${c.syncDaemon.enabled ? 1 : 0}`, `syncd_iface = ${c.syncDaemon.interface}`, `syncd_id = ${c.syncDaemon.syncId}`);
  }
  const t = c.timeouts;
  if (t.tcp) lines.push(`tcp_timeout = ${t.tcp}`);
  if (t.tcpFin) lines.push(`tcpfin_timeout = ${t.tcpFin}`);
  if (t.udp) lines.push(`udp_timeout = ${t.udp}`);
  // The projection keeps the held services in order, so they pair up with the originals.
  const originals = heldServices(cluster);
  const network = clusterNetwork(c);
  c.virtualServices.forEach((vs, i) => renderVirtual(lines, vs, originals[i]!, network));
  return lines.join("\n") + "\n";
}
