/**
 * keepalived.conf -> Cluster. Reads global_defs (lvs_timeouts, lvs_sync_daemon), the first
 * vrrp_instance (VIPs, priority, preemption) and every virtual_server. Everything else is
 * reported: include lines as not followed, unknown keywords and known-but-unheld ones as
 * warnings with line and column, syntax and value problems as located errors.
 */
import type { ParseResult } from "../diagnostics.ts";
import type { Cluster, ClusterInput, SyncDaemon, Timeouts, Vrrp } from "../model/cluster.ts";
import { familyOf } from "../model/address.ts";
import type { VirtualServiceInput } from "../model/virtual-service.ts";
import { proposeDirectors, readDirectorsHeader, type DirectorProposal, type VrrpFacts } from "./directors.ts";
import { readShoalHeader, validateBuilt } from "./located.ts";
import { KaContext } from "./parse-context.ts";
import { parseVirtualServer } from "./parse-virtual-server.ts";
import { readKeepalivedSyntax, type Statement } from "./syntax.ts";

const GLOBAL_IGNORED = new Set([
  "notification_email",
  "notification_email_from",
  "smtp_server",
  "smtp_connect_timeout",
  "smtp_helo_name",
  "enable_snmp_checker",
  "enable_snmp_vrrp",
  "enable_snmp_keepalived",
  "vrrp_skip_check_adv_addr",
  "vrrp_strict",
  "vrrp_garp_interval",
  "vrrp_gna_interval",
  "script_user",
  "enable_script_security",
  "lvs_flush",
  "lvs_flush_onstop",
  "vrrp_mcast_group4",
  "vrrp_mcast_group6",
  "dynamic_interfaces",
  "max_auto_priority",
  "checker_log_all_failures",
]);
const TOP_IGNORED = new Set([
  "vrrp_sync_group",
  "vrrp_script",
  "track_file",
  "static_ipaddress",
  "static_routes",
  "static_rules",
  "linkbeat_use_polling",
  "net_namespace",
  "instance",
  "use_pid_dir",
  "garp_group",
  "vrrp_track_process",
  "track_process",
]);
const VRRP_IGNORED = new Set([
  "track_interface",
  "track_script",
  "track_process",
  "track_file",
  "notify",
  "notify_master",
  "notify_backup",
  "notify_fault",
  "notify_stop",
  "smtp_alert",
  "garp_master_delay",
  "garp_master_refresh",
  "dont_track_primary",
  "use_vmac",
  "vmac_xmit_base",
  "native_ipv6",
  "accept",
  "no_accept",
  "virtual_routes",
  "virtual_rules",
  "version",
  "skip_check_adv_addr",
  "strict_mode",
  "debug",
  "lvs_sync_daemon_interface",
]);

function parseGlobalDefs(ctx: KaContext, st: Statement, out: ClusterInput, vrrpNames: Set<string>, facts: VrrpFacts): void {
  for (const s of st.block ?? []) {
    const k = s.keyword.text;
    if (k === "router_id") facts.routerId = ctx.arg(s, 0, "a name")?.text;
    else if (k === "lvs_timeouts") {
      ctx.where.set(["timeouts"], s);
      const t: Partial<Timeouts> = {};
      for (let i = 0; i < s.args.length; i += 2) {
        const name = s.args[i]!;
        const key = ({ tcp: "tcp", tcpfin: "tcpFin", udp: "udp" } as const)[name.text as "tcp"];
        if (!key) {
          ctx.error(name, "bad-timeout", `'${name.text}' is not tcp, tcpfin or udp`, `'${name.text}' 不是 tcp、tcpfin 或 udp`);
          continue;
        }
        const v = ctx.int(s.args[i + 1] ?? ctx.arg(s, i + 1, `seconds after '${name.text}'`), `lvs_timeouts ${name.text}`, 0, 2_147_483);
        if (v !== undefined) t[key] = v;
      }
      if (!s.args.length) ctx.arg(s, 0, "tcp, tcpfin or udp timeouts");
      out.timeouts = { tcp: 0, tcpFin: 0, udp: 0, ...t };
    } else if (k === "lvs_sync_daemon") {
      ctx.where.set(["syncDaemon"], s);
      const iface = ctx.arg(s, 0, "an interface");
      if (!iface) continue;
      const d: Partial<SyncDaemon> & { interface: string } = { enabled: true, interface: iface.text, syncId: 0 };
      for (let i = 1; i < s.args.length; i++) {
        const w = s.args[i]!;
        const next = (): typeof w | undefined => s.args[++i] ?? ctx.arg(s, i, `a value after '${w.text}'`);
        if (w.text === "id") d.syncId = ctx.int(next(), "lvs_sync_daemon id", 0, 255) ?? 0;
        else if (w.text === "maxlen") d.maxLen = ctx.int(next(), "lvs_sync_daemon maxlen", 0, 65_507);
        else if (w.text === "port") d.mcastPort = ctx.int(next(), "lvs_sync_daemon port", 1, 65535);
        else if (w.text === "ttl") d.mcastTtl = ctx.int(next(), "lvs_sync_daemon ttl", 1, 255);
        else if (w.text === "group") d.mcastGroup = ctx.address(next(), "lvs_sync_daemon group");
        else if (w.text === "inst") next();
        else if (i === 1)
          vrrpNames.add(w.text); // the VRRP instance the daemon follows
        else ctx.error(w, "bad-sync-daemon", `unexpected '${w.text}' in lvs_sync_daemon`, `lvs_sync_daemon 中出现意外的 '${w.text}'`);
      }
      for (const key of Object.keys(d) as (keyof typeof d)[]) if (d[key] === undefined) delete d[key];
      out.syncDaemon = d;
    } else if (k === "lvs_sync_daemon_interface") {
      // keepalived 1.x spelling: interface only, the daemon runs with id 0.
      ctx.where.set(["syncDaemon"], s);
      const iface = ctx.arg(s, 0, "an interface");
      if (iface && !out.syncDaemon) out.syncDaemon = { enabled: true, interface: iface.text, syncId: 0 };
    } else if (GLOBAL_IGNORED.has(k) || k.startsWith("vrrp_") || k.startsWith("snmp_") || k.startsWith("lvs_")) ctx.ignored(s, "global_defs");
    else ctx.unknown(s, "global_defs");
  }
}

interface VipEntry {
  address: string;
  prefix?: number;
  dev?: string;
  label?: string;
}

function parseVips(ctx: KaContext, st: Statement, into: VipEntry[]): void {
  for (const line of st.block ?? []) {
    const words = [line.keyword, ...line.args];
    const [addrText, prefix] = words[0]!.text.split("/");
    const address = ctx.address({ ...words[0]!, text: addrText ?? "" }, st.keyword.text);
    const host = address !== undefined && familyOf(address) === "inet6" ? 128 : 32;
    if (prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > host))
      ctx.error(words[0]!, "bad-prefix", `'/${prefix}' is not a prefix length (0..${host})`, `'/${prefix}' 不是前缀长度（0..${host}）`);
    if (address === undefined) continue;
    const e: VipEntry = { address };
    if (prefix !== undefined && Number(prefix) < host) e.prefix = Number(prefix);
    for (let i = 1; i < words.length; i++) {
      const w = words[i]!;
      if (w.text === "dev" || w.text === "label") {
        const v = words[++i];
        if (!v) ctx.error(w, "missing-value", `'${w.text}' needs a value`, `'${w.text}' 缺少取值`);
        else if (w.text === "dev") e.dev = v.text;
        else e.label = v.text;
      } else if (["brd", "scope", "peer", "preferred_lft"].includes(w.text)) i++;
    }
    into.push(e);
  }
}

function parseVrrp(ctx: KaContext, st: Statement, out: ClusterInput, headerRole: "primary" | "backup" | undefined, vips: VipEntry[], facts: VrrpFacts): "primary" | "backup" {
  facts.hasVrrp = true;
  ctx.where.set(["vrrp"], st);
  const v: Partial<Vrrp> = {};
  const name = ctx.arg(st, 0, "an instance name");
  if (name) v.instance = name.text;
  let state: "MASTER" | "BACKUP" | undefined;
  let priority: number | undefined;
  for (const s of st.block ?? []) {
    const k = s.keyword.text;
    switch (k) {
      case "state": {
        const w = ctx.arg(s, 0, "MASTER or BACKUP");
        if (w && (w.text === "MASTER" || w.text === "BACKUP")) state = w.text;
        else if (w) ctx.error(w, "bad-state", `'${w.text}' is not MASTER or BACKUP`, `'${w.text}' 不是 MASTER 或 BACKUP`);
        break;
      }
      case "interface":
        ctx.where.set(["vrrp", "interface"], s);
        v.interface = ctx.arg(s, 0, "an interface")?.text ?? "";
        break;
      case "virtual_router_id":
        v.virtualRouterId = ctx.int(ctx.arg(s, 0, "an id"), "virtual_router_id", 1, 255);
        break;
      case "priority":
        priority = ctx.int(ctx.arg(s, 0, "a priority"), "priority", 1, 254);
        break;
      case "advert_int":
        v.advertInterval = ctx.decimal(ctx.arg(s, 0, "seconds"), "advert_int", 0.01, 255);
        break;
      case "nopreempt":
        v.preempt = false;
        break;
      case "preempt":
        v.preempt = true;
        break;
      case "preempt_delay":
        v.preemptDelay = ctx.int(ctx.arg(s, 0, "seconds"), "preempt_delay", 0, 1000);
        break;
      case "authentication":
        for (const a of s.block ?? []) {
          if (a.keyword.text === "auth_type") {
            const w = ctx.arg(a, 0, "PASS or AH");
            if (w && (w.text === "PASS" || w.text === "AH")) v.authType = w.text;
            else if (w) ctx.error(w, "bad-auth", `'${w.text}' is not PASS or AH`, `'${w.text}' 不是 PASS 或 AH`);
          } else if (a.keyword.text === "auth_pass") {
            ctx.where.set(["vrrp", "authPass"], a);
            const w = ctx.arg(a, 0, "a password");
            if (w) v.authPass = w.text;
          } else ctx.unknown(a, "authentication");
        }
        break;
      case "unicast_src_ip":
      case "mcast_src_ip": {
        const a = ctx.address(ctx.arg(s, 0, "an address"), k);
        if (a && (k === "unicast_src_ip" || !facts.srcIp)) facts.srcIp = a;
        break;
      }
      case "unicast_peer":
        for (const p of s.block ?? []) {
          const a = ctx.address(p.keyword, "unicast_peer");
          if (a) facts.peers.push(a);
        }
        v.unicast = true;
        if (facts.peers.length > 1)
          ctx.warn(
            s,
            "many-peers",
            `${facts.peers.length} unicast peers: Shoal proposes no peer director, add the directors by hand`,
            `有 ${facts.peers.length} 个单播对端：Shoal 不提议对端调度器，请手动添加调度器`,
          );
        break;
      case "virtual_ipaddress":
      case "virtual_ipaddress_excluded":
        parseVips(ctx, s, vips);
        break;
      default:
        if (VRRP_IGNORED.has(k) || k.startsWith("garp_") || k.startsWith("notify")) ctx.ignored(s, "vrrp_instance");
        else ctx.unknown(s, "vrrp_instance");
    }
  }
  // Whose priority this file carries: the Shoal header says, else the initial state does.
  const role = headerRole ?? (state === "MASTER" ? "primary" : "backup");
  if (priority !== undefined) v[role === "primary" ? "priorityPrimary" : "priorityBackup"] = priority;
  for (const key of Object.keys(v) as (keyof Vrrp)[]) if (v[key] === undefined) delete v[key];
  out.vrrp = v as Vrrp;
  if (state) facts.state = state;
  if (priority !== undefined) facts.priority = priority;
  return role;
}

function applyVips(ctx: KaContext, vips: VipEntry[], services: VirtualServiceInput[], at: Statement | undefined): void {
  const seen = new Set<string>();
  for (const e of vips) {
    const users = services.filter((s) => s.protocol !== "fwmark" && s.address === e.address);
    if (!users.length && at) {
      ctx.warn(at, "vip-unused", `VIP ${e.address} is used by no virtual_server; Shoal does not keep it`, `VIP ${e.address} 没有被任何 virtual_server 使用，Shoal 不保存它`);
    }
    if (seen.has(e.address)) continue;
    seen.add(e.address);
    for (const s of users) {
      if (e.dev) s.vipInterface = e.dev;
      if (e.prefix !== undefined) s.vipPrefix = e.prefix;
      if (e.label) s.vipLabel = e.label;
    }
  }
}

/** The parse, and the directors the file names (with or without their addresses: see directors.ts). */
export type KeepalivedParse = ParseResult<Cluster> & { directors: DirectorProposal[] };

export function parseKeepalivedConf(text: string): KeepalivedParse {
  const ctx = new KaContext();
  const syntax = readKeepalivedSyntax(text);
  for (const e of syntax.errors) ctx.errors.push(e);
  let header: ReturnType<typeof readShoalHeader>;
  let listed: DirectorProposal[] | undefined;
  for (const c of syntax.comments) {
    header ??= readShoalHeader(c.text);
    listed ??= readDirectorsHeader(c.text);
  }
  const facts: VrrpFacts = { peers: [], hasVrrp: false };
  let role: "primary" | "backup" = header?.role ?? "primary";
  const out: ClusterInput = { name: header?.cluster ?? "keepalived", directors: [], virtualServices: [] };
  const services = out.virtualServices as VirtualServiceInput[];
  const vips: VipEntry[] = [];
  const vrrpNames = new Set<string>();
  let vrrpAt: Statement | undefined;
  for (const st of syntax.statements) {
    const k = st.keyword.text;
    if (k === "include" || /^include[rmwba]?$/.test(k)) {
      ctx.warn(
        st,
        "include-not-followed",
        `include ${st.args.map((a) => a.text).join(" ")} is not followed: import the included file separately`,
        `未跟随 include ${st.args.map((a) => a.text).join(" ")}：请单独导入被包含的文件`,
      );
    } else if (k === "global_defs") parseGlobalDefs(ctx, st, out, vrrpNames, facts);
    else if (k === "vrrp_instance") {
      if (vrrpAt) {
        ctx.warn(st, "extra-vrrp-instance", "Shoal holds one vrrp_instance per cluster; this one is ignored", "Shoal 每个集群只保存一个 vrrp_instance，此项已忽略");
        continue;
      }
      vrrpAt = st;
      role = parseVrrp(ctx, st, out, header?.role, vips, facts);
    } else if (k === "virtual_server") {
      const vs = parseVirtualServer(ctx, st, services.length);
      if (vs) services.push(vs);
    } else if (k === "virtual_server_group") {
      ctx.warn(st, "unsupported-group", "virtual_server_group is not supported by Shoal; ignored", "Shoal 不支持 virtual_server_group，已忽略");
    } else if (k.startsWith("@") || k.startsWith("$") || k.startsWith("~")) {
      ctx.warn(
        st,
        "conditional-not-supported",
        `'${k}' (conditional configuration, definitions) is not evaluated by Shoal; line ignored`,
        `Shoal 不处理 '${k}'（条件配置或定义），此行已忽略`,
      );
    } else if (TOP_IGNORED.has(k)) ctx.ignored(st, "keepalived.conf");
    else ctx.unknown(st, "keepalived.conf");
  }
  applyVips(ctx, vips, services, vrrpAt);
  // Shoal's own file lists both directors; a hand-written one gets its own director (when its
  // address is written) and the peer only once the operator confirms it in the preview.
  const directors = listed ?? (header ? [] : proposeDirectors(facts, role));
  out.directors = (listed ?? directors.filter((d) => d.self)).flatMap((d) => (d.managementAddress ? [{ name: d.name, role: d.role, managementAddress: d.managementAddress }] : []));
  const missing = directors.filter((d) => !d.managementAddress);
  if (missing.length) {
    const names = missing.map((d) => `${d.name} (${d.role}, from ${d.from})`).join(", ");
    ctx.warn(
      vrrpAt ?? { line: 1, column: 1 },
      "director-address",
      `the file does not give the address of director ${names}: give it in the preview, or it is not created`,
      `文件没有给出调度器 ${names} 的地址：请在预览中填写，否则不创建`,
    );
  }
  if (ctx.errors.length) return { ok: false, errors: ctx.errors, warnings: ctx.warnings, directors };
  const r = validateBuilt(out, ctx.where, "keepalived");
  if (!r.ok) return { ok: false, errors: r.errors, warnings: ctx.warnings, directors };
  return { ok: true, value: r.value, warnings: ctx.warnings, directors };
}
