/**
 * Cluster -> keepalived.conf for one director. Writes the keepalived projection of the cluster
 * (see cannot-hold.ts), deterministically, four-space indented, one keyword per line.
 */
import { familyOf, prefixToMask } from "../model/address.ts";
import type { Cluster } from "../model/cluster.ts";
import type { HealthCheck } from "../model/health-check.ts";
import type { RealServer } from "../model/real-server.ts";
import type { VirtualService } from "../model/virtual-service.ts";
import { fileDirectors, keepalivedRole, projectForKeepalived, vipDevices, type KeepalivedOptions } from "./cannot-hold.ts";
import { directorsHeader } from "./directors.ts";
import { bakeCommand, effectiveCheck, formatStatusCodes } from "./checks.ts";
import { shoalHeader } from "./located.ts";

/** A word as keepalived reads it: bare when it can be, else double-quoted. */
export function kaWord(s: string): string {
  return s !== "" && !/[\s{}"#!]/.test(s) ? s : `"${s}"`;
}

/** For keywords keepalived re-reads with backslash escapes (regex, misc_path). */
function kaEscaped(s: string): string {
  return `"${s.replace(/\\/g, "\\\\")}"`;
}

class Out {
  lines: string[] = [];
  private depth = 0;
  line(s: string): void {
    this.lines.push(s === "" ? "" : "    ".repeat(this.depth) + s);
  }
  open(s: string): void {
    this.line(`${s} {`);
    this.depth++;
  }
  close(): void {
    this.depth--;
    this.line("}");
  }
}

export function lvsMethod(rs: Pick<RealServer, "forwarding" | "tunnel">): string {
  if (rs.forwarding === "masq") return "NAT";
  if (rs.forwarding === "route") return "DR";
  const t = rs.tunnel;
  if (!t || t.type === "ipip") return "TUN";
  if (t.type === "gue") return `TUN type gue${t.port !== undefined ? ` port ${t.port}` : ""}${t.csum !== "nocsum" ? ` ${t.csum}` : ""}`;
  return `TUN type gre${t.csum !== "nocsum" ? ` ${t.csum}` : ""}`;
}

/** Why a checker differs from what the operator asked for, said where they will look. */
function approximation(original: HealthCheck | undefined): string | undefined {
  if (original?.type === "send-expect") return "# Shoal send/expect check: keepalived has none, so only the TCP connect is checked.";
  if (original?.type === "https" && original.verifyTls) return "# Shoal asks to verify the certificate: SSL_GET does not.";
  if (original && original.type !== "none" && original.rise > 1) return `# Shoal rise ${original.rise}: keepalived puts a real server back after one good check.`;
  return undefined;
}

function renderChecker(o: Out, c: HealthCheck, rs: RealServer, original: HealthCheck | undefined): void {
  if (c.type === "none") return;
  const note = approximation(original);
  if (note) o.line(note);
  const timing = (withConnect: boolean): void => {
    if (withConnect) o.line(`connect_timeout ${c.timeout}`);
    o.line(`retry ${c.fall - 1}`);
    o.line(`delay_loop ${c.interval}`);
  };
  switch (c.type) {
    case "tcp":
    case "send-expect":
      o.open("TCP_CHECK");
      timing(true);
      if (c.port !== undefined) o.line(`connect_port ${c.port}`);
      o.close();
      return;
    case "http":
    case "https":
      o.open(c.type === "http" ? "HTTP_GET" : "SSL_GET");
      o.open("url");
      o.line(`path ${kaWord(c.path)}`);
      o.line(`status_code ${formatStatusCodes(c.expectStatus)}`);
      if (c.bodyRegex !== undefined) o.line(`regex ${kaEscaped(c.bodyRegex)}`);
      o.close();
      if (c.host !== undefined) o.line(`virtualhost ${kaWord(c.host)}`);
      timing(true);
      if (c.port !== undefined) o.line(`connect_port ${c.port}`);
      o.close();
      return;
    case "external":
      o.open("MISC_CHECK");
      o.line(`misc_path ${kaEscaped(bakeCommand(c.command, rs.address, rs.port))}`);
      o.line(`misc_timeout ${c.timeout}`);
      timing(false);
      o.close();
      return;
  }
}

function renderRealServer(o: Out, vs: VirtualService, rs: RealServer, serviceMethod: string | undefined, original: HealthCheck | undefined): void {
  // An IPv6 address always gets its port word, 0 included: without it "2001:db8::1:80" reads as
  // a glued-on port (see ipv6WithoutPort in the parser).
  o.open(`real_server ${rs.address}${rs.port || rs.address.includes(":") ? ` ${rs.port}` : ""}`);
  if (rs.name) o.line(`snmp_name ${kaWord(rs.name)}`);
  o.line(`weight ${rs.weight}`);
  const m = lvsMethod(rs);
  if (m !== serviceMethod) o.line(`lvs_method ${m}`);
  if (rs.upperThreshold) o.line(`uthreshold ${rs.upperThreshold}`);
  if (rs.lowerThreshold) o.line(`lthreshold ${rs.lowerThreshold}`);
  const c = effectiveCheck(vs.healthCheck, rs);
  if (c.type !== "none" && c.onFailure === "quiesce") o.line("inhibit_on_failure");
  renderChecker(o, c, rs, original);
  o.close();
}

function renderVirtualServer(o: Out, vs: VirtualService, original: VirtualService): void {
  o.open(vs.protocol === "fwmark" ? `virtual_server fwmark ${vs.fwmark}` : `virtual_server ${vs.address} ${vs.port ?? 0}`);
  if (vs.name) o.line(`snmp_name ${kaWord(vs.name)}`);
  if (vs.protocol === "fwmark") {
    if (vs.family === "inet6") o.line("ip_family inet6");
  } else o.line(`protocol ${vs.protocol.toUpperCase()}`);
  o.line(`lvs_sched ${vs.scheduler}`);
  for (const f of vs.schedFlags) o.line(f);
  if (vs.onePacket) o.line("ops");
  const first = vs.realServers[0];
  const serviceMethod = first ? lvsMethod(first) : undefined;
  if (serviceMethod) o.line(`lvs_method ${serviceMethod}`);
  if (vs.persistence !== undefined) {
    o.line(`persistence_timeout ${vs.persistence}`);
    if (vs.persistenceNetmask !== undefined) {
      // keepalived reads a dotted mask for IPv4 services and a prefix length for IPv6 ones.
      o.line(`persistence_granularity ${vs.family === "inet" ? prefixToMask(vs.persistenceNetmask) : vs.persistenceNetmask}`);
    }
    if (vs.persistenceEngine) o.line(`persistence_engine ${vs.persistenceEngine}`);
  }
  if (vs.quorum !== undefined) o.line(`quorum ${vs.quorum}`);
  if (vs.hysteresis !== undefined) o.line(`hysteresis ${vs.hysteresis}`);
  if (vs.sorryServer) o.line(`sorry_server ${vs.sorryServer.address}${vs.sorryServer.port ? ` ${vs.sorryServer.port}` : ""}`);
  // The projection keeps enabled real servers in order, so they pair up with the originals.
  const originals = original.realServers.filter((r) => r.enabled);
  vs.realServers.forEach((rs, i) => {
    o.line("");
    const orig = originals[i];
    renderRealServer(o, vs, rs, serviceMethod, orig ? effectiveCheck(original.healthCheck, orig) : undefined);
  });
  o.close();
}

function renderVrrp(o: Out, c: Cluster, role: "primary" | "backup", opts: KeepalivedOptions): void {
  const v = c.vrrp!;
  o.open(`vrrp_instance ${v.instance}`);
  // keepalived ignores nopreempt and preempt_delay unless the initial state is BACKUP,
  // so with either of them both directors start as BACKUP and the priority decides.
  const master = role === "primary" && v.preempt && v.preemptDelay === undefined;
  o.line(`state ${master ? "MASTER" : "BACKUP"}`);
  o.line(`interface ${v.interface}`);
  o.line(`virtual_router_id ${v.virtualRouterId}`);
  o.line(`priority ${role === "primary" ? v.priorityPrimary : v.priorityBackup}`);
  o.line(`advert_int ${v.advertInterval}`);
  if (!v.preempt) o.line("nopreempt");
  if (v.preemptDelay !== undefined) o.line(`preempt_delay ${v.preemptDelay}`);
  const directors = fileDirectors(c, { director: opts.director });
  if (v.unicast && directors.length > 1) {
    o.line(`unicast_src_ip ${directors.find((d) => d.self)!.managementAddress}`);
    o.open("unicast_peer");
    for (const d of directors) if (!d.self) o.line(d.managementAddress);
    o.close();
  }
  if (v.authType !== "none") {
    o.open("authentication");
    o.line(`auth_type ${v.authType}`);
    if (v.authPass !== undefined) o.line(`auth_pass ${kaWord(v.authPass)}`);
    o.close();
  }
  const vips = vipDevices(c.virtualServices);
  const entries = [...vips.entries()].map(([addr, d]) => {
    const fam = familyOf(addr);
    let s = `${addr}/${d.prefix ?? (fam === "inet6" ? 128 : 32)}`;
    if (d.dev) s += ` dev ${d.dev}`;
    if (d.label) s += ` label ${d.label}`;
    return { fam, s };
  });
  // A VRRP instance speaks one address family; VIPs of the other go in the excluded list.
  const primaryFam = entries.some((e) => e.fam === "inet") ? "inet" : "inet6";
  const main = entries.filter((e) => e.fam === primaryFam);
  const other = entries.filter((e) => e.fam !== primaryFam);
  if (main.length) {
    o.open("virtual_ipaddress");
    for (const e of main) o.line(e.s);
    o.close();
  }
  if (other.length) {
    o.open("virtual_ipaddress_excluded");
    for (const e of other) o.line(e.s);
    o.close();
  }
  o.close();
}

export function renderKeepalivedConf(cluster: Cluster, opts: KeepalivedOptions = {}): string {
  const role = keepalivedRole(cluster, opts);
  const c = projectForKeepalived(cluster, opts);
  const o = new Out();
  o.line(shoalHeader("keepalived.conf", c.name, role));
  o.line(`# Director: ${opts.director ?? "(any)"}. Edit the cluster in Shoal; changes made here are overwritten.`);
  const directors = fileDirectors(cluster, opts);
  // Read back by the importer (directors.ts), so Shoal's own file gives back the same directors.
  if (directors.length) o.line(directorsHeader(directors));
  const t = c.timeouts;
  if (t.tcp || t.tcpFin || t.udp || c.syncDaemon || opts.director) {
    o.line("");
    o.open("global_defs");
    if (opts.director) o.line(`router_id ${kaWord(opts.director)}`);
    if (t.tcp || t.tcpFin || t.udp) {
      const parts = [t.tcp ? `tcp ${t.tcp}` : "", t.tcpFin ? `tcpfin ${t.tcpFin}` : "", t.udp ? `udp ${t.udp}` : ""].filter(Boolean);
      o.line(`lvs_timeouts ${parts.join(" ")}`);
    }
    const s = c.syncDaemon;
    if (s) {
      let line = `lvs_sync_daemon ${s.interface}`;
      if (c.vrrp) line += ` ${c.vrrp.instance}`;
      line += ` id ${s.syncId}`;
      if (s.maxLen !== undefined) line += ` maxlen ${s.maxLen}`;
      if (s.mcastPort !== undefined) line += ` port ${s.mcastPort}`;
      if (s.mcastTtl !== undefined) line += ` ttl ${s.mcastTtl}`;
      if (s.mcastGroup !== undefined) line += ` group ${s.mcastGroup}`;
      o.line(line);
    }
    o.close();
  }
  if (c.vrrp) {
    o.line("");
    renderVrrp(o, c, role, opts);
  }
  const originals = cluster.virtualServices.filter((s) => s.enabled);
  c.virtualServices.forEach((vs, i) => {
    o.line("");
    renderVirtualServer(o, vs, originals[i]!);
  });
  return o.lines.join("\n") + "\n";
}
