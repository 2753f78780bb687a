/**
 * Piranha lvs.cf -> Cluster. Global keys become directors (primary/backup), the sync daemon and
 * IPVS timeouts; `virtual` blocks become services with nanny's one health check; `server`
 * blocks their real servers, all forwarding by the cluster's one `network`. Unknown keys and
 * Piranha features Shoal has no place for are warnings with line and column; syntax and value
 * problems are located errors.
 */
import type { Cluster, ClusterInput } from "../model/cluster.ts";
import type { Forwarding } from "../model/enums.ts";
import type { ParseResult } from "../diagnostics.ts";
import { readShoalHeader, validateBuilt } from "../keepalived/located.ts";
import { Ctx, readStructure } from "./parse-context.ts";
import { buildVirtual } from "./parse-virtual.ts";
import { readLvsCfLines } from "./syntax.ts";

/** Heartbeat and daemon tuning of Piranha's own pulse/lvsd: Shoal's agent replaces them, so
 * they are understood and dropped without a warning on every imported file. */
const GLOBAL_UNDERSTOOD = new Set(["serial_no", "heartbeat", "heartbeat_port", "keepalive", "deadtime", "debug_level", "monitor_links"]);
const GLOBAL_IGNORED = new Set(["primary_private", "backup_private", "primary_shared", "backup_shared", "nat_router", "nat_nmask", "rsh_command", "sync", "hard_shutdown", "active_cmd", "inactive_cmd", "reservation_conflict_action", "ipvsadm"]);

const NETWORKS: Record<string, Forwarding> = { nat: "masq", direct: "route", tunnel: "tunnel" };

export function parseLvsCf(text: string): ParseResult<Cluster> {
  const ctx = new Ctx();
  const { lines, comments } = readLvsCfLines(text, ctx.errors);
  let header: ReturnType<typeof readShoalHeader>;
  for (const c of comments) if ((header = readShoalHeader(c.text))) break;
  const { globals, virtuals } = readStructure(ctx, lines);
  const g = (k: string) => globals.get(k)?.values[0];
  const out: ClusterInput = { name: header?.cluster ?? "piranha", directors: [] };

  for (const [k, e] of globals) {
    if (GLOBAL_UNDERSTOOD.has(k) || ["primary", "backup", "backup_active", "service", "network", "syncdaemon", "syncd_iface", "syncd_id", "tcp_timeout", "tcpfin_timeout", "udp_timeout"].includes(k)) continue;
    if (GLOBAL_IGNORED.has(k)) ctx.warn(e.line, "ignored", `'${k}' is not held by Shoal; ignored`, `'${k}' 在 Shoal 中没有对应项，已忽略`);
    else ctx.warn(e.line, "unknown-key", `unknown key '${k}'; ignored`, `未知键 '${k}'，已忽略`);
  }
  const service = g("service");
  if (service && service.text !== "lvs") ctx.warn(service, "service-not-lvs", `service = ${service.text}: Shoal reads only the LVS virtual services`, `service = ${service.text}：Shoal 只读取 LVS 虚拟服务`);
  const primary = g("primary");
  if (primary && primary.text !== "0.0.0.0") {
    ctx.where.set(["directors", 0], primary);
    const a = ctx.ipv4(primary, "primary");
    if (a) out.directors!.push({ name: "primary", role: "primary", managementAddress: a });
  }
  const backup = g("backup");
  const backupActive = ctx.bool(g("backup_active"), "backup_active");
  if (backup && backup.text !== "0.0.0.0") {
    if (backupActive) {
      ctx.where.set(["directors", out.directors!.length], backup);
      const a = ctx.ipv4(backup, "backup");
      if (a) out.directors!.push({ name: "backup", role: "backup", managementAddress: a });
    } else ctx.warn(backup, "backup-inactive", "backup_active is not 1: the backup director is not imported", "backup_active 不是 1：未导入备份调度器");
  }
  const net = g("network");
  let network: Forwarding = "route"; // Piranha's default is direct routing
  if (net) {
    const f = NETWORKS[net.text];
    if (!f) ctx.error(net, "bad-network", `network '${net.text}' is not nat, direct or tunnel`, `network '${net.text}' 不是 nat、direct 或 tunnel`);
    else network = f;
  }
  if (globals.has("syncdaemon") || globals.has("syncd_iface") || globals.has("syncd_id")) {
    ctx.where.set(["syncDaemon"], (globals.get("syncdaemon") ?? globals.get("syncd_iface") ?? globals.get("syncd_id"))!.line);
    out.syncDaemon = {
      enabled: ctx.bool(g("syncdaemon"), "syncdaemon") ?? false,
      interface: g("syncd_iface")?.text ?? "eth0",
      syncId: ctx.int(g("syncd_id"), "syncd_id", 0, 255) ?? 0,
    };
  }
  out.timeouts = {
    tcp: ctx.int(g("tcp_timeout"), "tcp_timeout", 0, 2_147_483) ?? 0,
    tcpFin: ctx.int(g("tcpfin_timeout"), "tcpfin_timeout", 0, 2_147_483) ?? 0,
    udp: ctx.int(g("udp_timeout"), "udp_timeout", 0, 2_147_483) ?? 0,
  };
  out.virtualServices = virtuals.map((v, i) => buildVirtual(ctx, v, i, network));
  if (ctx.errors.length) return { ok: false, errors: ctx.errors, warnings: ctx.warnings };
  const r = validateBuilt(out, ctx.where, "lvscf");
  if (!r.ok) return { ok: false, errors: r.errors, warnings: ctx.warnings };
  return { ok: true, value: r.value, warnings: ctx.warnings };
}
