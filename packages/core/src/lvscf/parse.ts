/**
 * Piranha lvs.cf -> Cluster. Global keys become directors (primary/backup), the sync daemon and
 * IPVS timeouts; `virtual` blocks become services with nanny's one health check; `server`
 * blocks their real servers, all forwarding by the cluster's one `network`. Unknown keys and
 * Piranha features Shoal has no place for are warnings with line and column; syntax and value
 * problems are located errors.
 */
import { canonicalAddress, familyOf, maskToPrefix } from "../model/address.ts";
import type { Cluster, ClusterInput } from "../model/cluster.ts";
import type { Forwarding } from "../model/enums.ts";
import type { HealthCheckInput } from "../model/health-check.ts";
import type { RealServerInput } from "../model/real-server.ts";
import type { VirtualServiceInput } from "../model/virtual-service.ts";
import type { Diagnostic, ParseResult } from "../diagnostics.ts";
import { errorAt, readShoalHeader, report, SourceMap, validateBuilt, warningAt, type Position } from "../keepalived/located.ts";
import { PIRANHA_SCHEDULERS } from "./cannot-hold.ts";
import { readLvsCfLines, type CfLine, type CfWord } from "./syntax.ts";

/** Heartbeat and daemon tuning of Piranha's own pulse/lvsd: Shoal's agent replaces them, so
 * they are understood and dropped without a warning on every imported file. */
const GLOBAL_UNDERSTOOD = new Set(["serial_no", "heartbeat", "heartbeat_port", "keepalive", "deadtime", "debug_level", "monitor_links"]);
const GLOBAL_IGNORED = new Set(["primary_private", "backup_private", "primary_shared", "backup_shared", "nat_router", "nat_nmask", "rsh_command", "sync", "hard_shutdown", "active_cmd", "inactive_cmd", "reservation_conflict_action", "ipvsadm"]);
const VIRTUAL_IGNORED = new Set(["client_monitor", "master", "dirs", "start_cmd", "stop_cmd"]);

interface Virtual {
  at: CfLine;
  name: string;
  keys: Map<string, { line: CfLine; values: CfWord[] }>;
  servers: { at: CfLine; name: string; keys: Map<string, { line: CfLine; values: CfWord[] }> }[];
}

class Ctx {
  errors: Diagnostic[] = [];
  warnings: Diagnostic[] = [];
  where = new SourceMap();
  error(at: Position, code: string, en: string, zh: string): void {
    report(this.errors, errorAt(at, `lvscf.${code}`, en, zh));
  }
  warn(at: Position, code: string, en: string, zh: string): void {
    report(this.warnings, warningAt(at, `lvscf.${code}`, en, zh));
  }
  int(w: CfWord | undefined, what: string, min: number, max: number): number | undefined {
    if (!w) return undefined;
    if (!/^\d+$/.test(w.text)) return void this.error(w, "bad-number", `${what}: '${w.text}' is not a whole number`, `${what}：'${w.text}' 不是整数`);
    const n = Number(w.text);
    if (n < min || n > max) return void this.error(w, "out-of-range", `${what}: ${n} is outside ${min}..${max}`, `${what}：${n} 超出范围 ${min}..${max}`);
    return n;
  }
  bool(w: CfWord | undefined, what: string): boolean | undefined {
    if (!w) return undefined;
    if (w.text === "0" || w.text === "1") return w.text === "1";
    return void this.error(w, "bad-bool", `${what}: '${w.text}' is not 0 or 1`, `${what}：'${w.text}' 不是 0 或 1`);
  }
  ipv4(w: CfWord | undefined, what: string): string | undefined {
    if (!w) return undefined;
    if (familyOf(w.text) !== "inet") return void this.error(w, "bad-address", `${what}: '${w.text}' is not an IPv4 address (Piranha reads IPv4 only)`, `${what}：'${w.text}' 不是 IPv4 地址（Piranha 只读取 IPv4）`);
    return canonicalAddress(w.text);
  }
}

/** "key = v..." -> values, or a located error. */
function keyValues(ctx: Ctx, l: CfLine, count: number): CfWord[] | undefined {
  const [key, eq, ...values] = l.words;
  if (!eq || eq.text !== "=" || eq.quoted) {
    ctx.error(eq ?? { line: l.line, column: key!.column + key!.text.length }, "expected-equals", `'${key!.text}' must be followed by '='`, `'${key!.text}' 后面必须是 '='`);
    return undefined;
  }
  if (values.length < count) {
    const last = l.words[l.words.length - 1]!;
    ctx.error({ line: l.line, column: last.column + last.text.length + 1 }, "missing-value", `'${key!.text}' needs ${count === 1 ? "a value" : `${count} values`}`, `'${key!.text}' 缺少取值`);
    return undefined;
  }
  if (values.length > count) {
    ctx.error(values[count]!, "extra-value", `unexpected '${values[count]!.text}' after '${key!.text}'`, `'${key!.text}' 之后出现意外的 '${values[count]!.text}'`);
    return undefined;
  }
  return values;
}


/** Pass 1: structure (global keys, virtual/server blocks). */
function readStructure(ctx: Ctx, lines: CfLine[]): { globals: Map<string, { line: CfLine; values: CfWord[] }>; virtuals: Virtual[] } {
  const globals = new Map<string, { line: CfLine; values: CfWord[] }>();
  const virtuals: Virtual[] = [];
  let v: Virtual | undefined;
  let s: Virtual["servers"][number] | undefined;
  let skipping: CfLine | undefined; // inside a failover block
  let skipDepth = 0;
  for (const l of lines) {
    const first = l.words[0]!;
    const opens = l.words[l.words.length - 1]!.text === "{" && !l.words[l.words.length - 1]!.quoted;
    if (skipping) {
      if (opens) skipDepth++;
      if (first.text === "}" && --skipDepth === 0) skipping = undefined;
      continue;
    }
    if (first.text === "}" && !first.quoted) {
      if (l.words.length > 1) ctx.error(l.words[1]!, "extra-value", `unexpected '${l.words[1]!.text}' after '}'`, `'}' 之后出现意外的 '${l.words[1]!.text}'`);
      if (s) s = undefined;
      else if (v) v = undefined;
      else ctx.error(first, "unbalanced-brace", "'}' closes no open block", "'}' 没有可以结束的块");
      continue;
    }
    if (opens) {
      const kw = first.text;
      if (l.words.length !== 3) {
        ctx.error(first, "bad-block", `'${kw}' blocks are written '${kw} NAME {'`, `'${kw}' 块的写法是 '${kw} 名称 {'`);
        continue;
      }
      const name = l.words[1]!.text;
      if (kw === "failover" && !v) {
        ctx.warn(first, "failover-not-supported", `failover service '${name}' (Piranha fos) is not supported by Shoal; skipped`, `Shoal 不支持故障转移服务 '${name}'（Piranha fos），已跳过`);
        skipping = l;
        skipDepth = 1;
      } else if (kw === "virtual" && !v) {
        v = { at: l, name, keys: new Map(), servers: [] };
        virtuals.push(v);
      } else if (kw === "server" && v && !s) {
        s = { at: l, name, keys: new Map() };
        v.servers.push(s);
      } else {
        ctx.error(first, "misplaced-block", `'${kw} ${name} {' is not allowed here`, `此处不允许 '${kw} ${name} {'`);
        skipping = l;
        skipDepth = 1;
      }
      continue;
    }
    // Piranha's two-value keys: a VIP with its device, the NAT router with its device.
    const arity = (first.text === "address" && v && !s) || (first.text === "nat_router" && !v) ? 2 : 1;
    const values = keyValues(ctx, l, arity);
    if (!values) continue;
    const target = s ? s.keys : v ? v.keys : globals;
    if (target.has(first.text)) ctx.warn(first, "duplicate-key", `'${first.text}' is given again; the last value wins`, `'${first.text}' 重复出现，以最后一次为准`);
    target.set(first.text, { line: l, values });
  }
  for (const open of [s?.at, v?.at, skipping]) {
    if (open) ctx.error(open, "unclosed-block", `block '${open.words.slice(0, 2).map((w) => w.text).join(" ")}' is never closed with '}'`, `块 '${open.words.slice(0, 2).map((w) => w.text).join(" ")}' 没有用 '}' 结束`);
  }
  return { globals, virtuals };
}

const NETWORKS: Record<string, Forwarding> = { nat: "masq", direct: "route", tunnel: "tunnel" };

function healthCheck(ctx: Ctx, v: Virtual, port: number): HealthCheckInput {
  const get = (k: string): CfWord | undefined => v.keys.get(k)?.values[0];
  // Piranha's own defaults when a virtual omits them (lvsconfig.c).
  const timeout = ctx.int(get("timeout"), "timeout", 1, 3_600) ?? 10;
  const interval = ctx.int(get("reentry"), "reentry", 1, 86_400) ?? 180;
  const onFailure = ctx.bool(get("quiesce_server"), "quiesce_server") ? ("quiesce" as const) : ("remove" as const);
  const common = { interval, timeout, onFailure };
  const program = get("send_program");
  const expect = get("expect");
  if (program) {
    if (expect) ctx.warn(expect, "expect-with-program", "Shoal's external check uses the program's exit status; the expected output is ignored", "Shoal 的外部检查以程序退出码为准，expect 的期望输出已忽略");
    if (get("send")) ctx.warn(get("send")!, "send-with-program", "send is ignored when send_program is set (as nanny does)", "设置了 send_program 时忽略 send（与 nanny 相同）");
    return { type: "external", ...common, command: program.text };
  }
  if (expect && expect.text !== "") {
    return { type: "send-expect", ...common, send: get("send")?.text ?? "", expect: expect.text, useRegex: ctx.bool(get("use_regex"), "use_regex") ?? false };
  }
  if (get("send")?.text) ctx.warn(get("send")!, "send-without-expect", "send without expect: Shoal checks only that the port accepts a connection", "只有 send 没有 expect：Shoal 只检查端口能否连接");
  void port;
  return { type: "tcp", ...common };
}

function buildVirtual(ctx: Ctx, v: Virtual, index: number, network: Forwarding): VirtualServiceInput {
  const path = ["virtualServices", index];
  ctx.where.set(path, v.at);
  const key = (k: string) => v.keys.get(k);
  for (const [k, e] of v.keys) {
    ctx.where.set([...path, k], e.line);
    if (["active", "address", "vip_nmask", "fwmark", "port", "protocol", "scheduler", "persistent", "pmask", "send", "expect", "use_regex", "send_program", "timeout", "reentry", "quiesce_server", "sorry_server", "load_monitor"].includes(k)) continue;
    if (VIRTUAL_IGNORED.has(k)) ctx.warn(e.line, "ignored", `'${k}' in virtual ${v.name} is not held by Shoal; ignored`, `virtual ${v.name} 中的 '${k}' 在 Shoal 中没有对应项，已忽略`);
    else ctx.warn(e.line, "unknown-key", `unknown key '${k}' in virtual ${v.name}; ignored`, `virtual ${v.name} 中有未知键 '${k}'，已忽略`);
  }
  const lm = key("load_monitor")?.values[0];
  if (lm && lm.text !== "none") ctx.warn(lm, "ignored", `load_monitor ${lm.text} (rup/ruptime weights) is not supported by Shoal; ignored`, `Shoal 不支持 load_monitor ${lm.text}（rup/ruptime 权重），已忽略`);
  const vs: VirtualServiceInput = { name: v.name, family: "inet" };
  vs.enabled = ctx.bool(key("active")?.values[0], "active") ?? true;
  const fwmark = ctx.int(key("fwmark")?.values[0], "fwmark", 1, 4_294_967_295);
  const addr = key("address");
  const port = ctx.int(key("port")?.values[0], "port", 0, 65535) ?? 80;
  if (fwmark !== undefined) {
    vs.protocol = "fwmark";
    vs.fwmark = fwmark;
    if (addr) ctx.warn(addr.line, "fwmark-address", `virtual ${v.name} is matched by fwmark ${fwmark}; its address ${addr.values[0]!.text} is not kept (Shoal's fwmark services have no VIP)`, `virtual ${v.name} 按 fwmark ${fwmark} 匹配；其地址 ${addr.values[0]!.text} 不保存（Shoal 的 fwmark 服务没有 VIP）`);
  } else {
    if (!addr) ctx.error(v.at, "missing-address", `virtual ${v.name} has no 'address = VIP device'`, `virtual ${v.name} 没有 'address = VIP 设备'`);
    const proto = key("protocol")?.values[0];
    if (proto && proto.text !== "tcp" && proto.text !== "udp") ctx.error(proto, "bad-protocol", `'${proto.text}' is not tcp or udp`, `'${proto.text}' 不是 tcp 或 udp`);
    vs.protocol = proto?.text === "udp" ? "udp" : "tcp";
    if (addr) {
      const a = ctx.ipv4(addr.values[0], "address");
      if (a) vs.address = a;
      const dev = addr.values[1]!.text;
      vs.vipInterface = dev.split(":")[0] || dev;
      if (dev.includes(":")) vs.vipLabel = dev;
    }
    vs.port = port;
  }
  const sched = key("scheduler")?.values[0];
  if (sched) {
    if (!PIRANHA_SCHEDULERS.includes(sched.text as "rr")) ctx.error(sched, "bad-scheduler", `'${sched.text}' is not a Piranha scheduler (${PIRANHA_SCHEDULERS.join(" ")})`, `'${sched.text}' 不是 Piranha 调度算法（${PIRANHA_SCHEDULERS.join(" ")}）`);
    else vs.scheduler = sched.text as "rr";
  } else vs.scheduler = "wlc";
  const persistent = ctx.int(key("persistent")?.values[0], "persistent", 0, 2_147_483);
  if (persistent) {
    vs.persistence = persistent;
    const pm = key("pmask")?.values[0];
    if (pm) {
      const p = maskToPrefix(pm.text);
      if (p === undefined) ctx.error(pm, "bad-netmask", `'${pm.text}' is not a netmask like 255.255.255.0`, `'${pm.text}' 不是 255.255.255.0 这样的掩码`);
      else if (p < 32) vs.persistenceNetmask = p; // Piranha reads 255.255.255.255 as "no mask"
    }
  }
  const sorry = ctx.ipv4(key("sorry_server")?.values[0], "sorry_server");
  if (sorry) vs.sorryServer = { address: sorry, port: vs.port ?? 0 };
  vs.healthCheck = healthCheck(ctx, v, port);
  vs.realServers = v.servers.map((s, j): RealServerInput => {
    const rpath = [...path, "realServers", j];
    ctx.where.set(rpath, s.at);
    for (const [k, e] of s.keys) {
      ctx.where.set([...rpath, k], e.line);
      if (!["address", "active", "port", "weight"].includes(k)) ctx.warn(e.line, "unknown-key", `unknown key '${k}' in server ${s.name}; ignored`, `server ${s.name} 中有未知键 '${k}'，已忽略`);
    }
    const address = ctx.ipv4(s.keys.get("address")?.values[0], "server address");
    if (!s.keys.has("address")) ctx.error(s.at, "missing-address", `server ${s.name} has no address`, `server ${s.name} 没有 address`);
    const rs: RealServerInput = {
      name: s.name,
      address: address ?? "0.0.0.0",
      // nanny's default: a server listens on the virtual service's port.
      port: ctx.int(s.keys.get("port")?.values[0], "server port", 0, 65535) ?? (fwmark !== undefined ? 0 : port),
      forwarding: network,
      enabled: ctx.bool(s.keys.get("active")?.values[0], "server active") ?? true,
    };
    const w = ctx.int(s.keys.get("weight")?.values[0], "weight", 0, 65535);
    if (w !== undefined) rs.weight = w;
    return rs;
  });
  return vs;
}

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
