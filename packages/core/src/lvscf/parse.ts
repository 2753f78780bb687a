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

/** Daemon tuning of Piranha's lvsd that changes nothing in the table or the failover. */
const GLOBAL_UNDERSTOOD = new Set(["debug_level", "monitor_links"]);
const GLOBAL_IGNORED = new Set([
  "primary_private",
  "backup_private",
  "primary_shared",
  "backup_shared",
  "rsh_command",
  "sync",
  "hard_shutdown",
  "active_cmd",
  "inactive_cmd",
  "reservation_conflict_action",
  "ipvsadm",
]);

/** Keys an operator set on purpose that Shoal does not keep: said at the line, with why. */
const NOT_KEPT: Record<string, (v: string) => { en: string; zh: string }> = {
  serial_no: (v) => ({
    en: `serial_no ${v} is not kept: Shoal numbers its own revisions (the import is a draft; applying it makes the cluster's next revision)`,
    zh: `serial_no ${v} 不保留：Shoal 自己为修订编号（导入成为草稿，应用后成为集群的下一个修订）`,
  }),
  heartbeat: (v) => ({
    en: `heartbeat = ${v} is not kept: Shoal's directors fail over by VRRP (keepalived), not by pulse's heartbeat`,
    zh: `heartbeat = ${v} 不保留：Shoal 的调度器通过 VRRP（keepalived）切换，而不是 pulse 心跳`,
  }),
  heartbeat_port: (v) => ({
    en: `heartbeat_port ${v} is not kept: VRRP has no port (IP protocol 112); Shoal fails over by VRRP, not pulse`,
    zh: `heartbeat_port ${v} 不保留：VRRP 没有端口（IP 协议 112）；Shoal 通过 VRRP 切换，而不是 pulse`,
  }),
  keepalive: (v) => ({
    en: `keepalive ${v} (seconds between heartbeats) is not kept: its VRRP counterpart is the cluster's advertisement interval, set it there`,
    zh: `keepalive ${v}（心跳间隔秒数）不保留：对应的是集群 VRRP 设置中的通告间隔，请在那里设置`,
  }),
  deadtime: (v) => ({
    en: `deadtime ${v} is not kept: with VRRP the backup takes over after about 3 advertisement intervals; set the interval in the cluster's VRRP settings`,
    zh: `deadtime ${v} 不保留：VRRP 下备机约在 3 个通告间隔后接管；请在集群的 VRRP 设置中设置间隔`,
  }),
  nat_router: (v) => ({
    en: `nat_router ${v} (the floating DIP NAT real servers route through) is not kept yet: Shoal's model gets the floating DIP with the HA work; until then set each director's private address (DIP)`,
    zh: `nat_router ${v}（NAT 真实服务器的浮动 DIP）暂不保留：Shoal 的模型将在 HA 工作中加入浮动 DIP；在此之前请设置每台调度器的内网地址（DIP）`,
  }),
  nat_nmask: (v) => ({
    en: `nat_nmask ${v} is not kept yet: it is the floating DIP's netmask (see nat_router)`,
    zh: `nat_nmask ${v} 暂不保留：它是浮动 DIP 的掩码（见 nat_router）`,
  }),
};

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
    if (
      GLOBAL_UNDERSTOOD.has(k) ||
      ["primary", "backup", "backup_active", "service", "network", "syncdaemon", "syncd_iface", "syncd_id", "tcp_timeout", "tcpfin_timeout", "udp_timeout"].includes(k)
    )
      continue;
    const notKept = NOT_KEPT[k];
    // Shoal's own lvs.cf writes pulse's usual values for these (render.ts): nothing was set.
    if (notKept && header && ["serial_no", "heartbeat", "heartbeat_port", "keepalive", "deadtime"].includes(k)) continue;
    if (notKept) {
      const m = notKept(e.values.map((w) => w.text).join(" "));
      ctx.warn(e.line, "not-kept", m.en, m.zh);
    } else if (GLOBAL_IGNORED.has(k)) ctx.warn(e.line, "ignored", `'${k}' is not held by Shoal; ignored`, `'${k}' 在 Shoal 中没有对应项，已忽略`);
    else ctx.warn(e.line, "unknown-key", `unknown key '${k}'; ignored`, `未知键 '${k}'，已忽略`);
  }
  const service = g("service");
  if (service && service.text !== "lvs")
    ctx.warn(service, "service-not-lvs", `service = ${service.text}: Shoal reads only the LVS virtual services`, `service = ${service.text}：Shoal 只读取 LVS 虚拟服务`);
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
