/** virtual_server { real_server { CHECKER { } } } -> VirtualServiceInput, with locations. */
import { familyOf, maskToPrefix } from "../model/address.ts";
import { isScheduler, unknownSchedulerMessage } from "../model/enums.ts";
import type { HealthCheck, HealthCheckInput } from "../model/health-check.ts";
import type { RealServerInput } from "../model/real-server.ts";
import type { VirtualServiceInput } from "../model/virtual-service.ts";
import { splitChecks } from "./checks.ts";
import { CHECKERS, parseChecker, timing, UNSUPPORTED_CHECKERS, type Inherited } from "./parse-checker.ts";
import type { KaContext } from "./parse-context.ts";
import type { Statement, Word } from "./syntax.ts";

type Path = (string | number)[];

/** Known keywords Shoal has no field for, per block: reported as ignored, not as unknown. */
const VS_IGNORED = new Set([
  "ha_suspend",
  "smtp_alert",
  "alpha",
  "omega",
  "quorum_up",
  "quorum_down",
  "delay_before_retry",
  "warmup",
  "sorry_server_inhibit",
  "sorry_server_lvs_method",
  "notify_up",
  "notify_down",
]);
const RS_IGNORED = new Set(["notify_up", "notify_down", "smtp_alert", "alpha", "delay_before_retry", "warmup"]);

/**
 * keepalived takes the port as its own word ("2001:db8::1 80"); "2001:db8::1:80" is itself a
 * valid IPv6 address, which keepalived would read with port 0. Said at the word, with the
 * spelling keepalived wants, instead of importing a service on port 0.
 */
function ipv6WithoutPort(ctx: KaContext, st: Statement, what: string): boolean {
  const w = st.args[0];
  if (!w || st.args[1] || !w.text.includes(":")) return false;
  const bracket = /^\[([^\]]+)\]:(\d+)$/.exec(w.text);
  const last = w.text.lastIndexOf(":");
  const [addr, port] = bracket ? [bracket[1]!, bracket[2]!] : [w.text.slice(0, last), w.text.slice(last + 1)];
  if (!bracket && !(familyOf(addr) === "inet6" && /^\d{1,5}$/.test(port))) return false;
  const hint = `${addr} ${port}`;
  ctx.error(
    w,
    "ipv6-port",
    `${what} '${w.text}' has no port: keepalived writes an IPv6 address and its port as two words, '${what} ${hint}'`,
    `${what} '${w.text}' 没有端口：keepalived 中 IPv6 地址与端口分开写，应为 '${what} ${hint}'`,
  );
  return true;
}

function method(ctx: KaContext, st: Statement): Pick<RealServerInput, "forwarding" | "tunnel"> | undefined {
  const m = ctx.arg(st, 0, "a forwarding method (NAT, DR or TUN)");
  if (!m) return undefined;
  const kind = m.text.toUpperCase();
  if (kind === "NAT") return { forwarding: "masq" };
  if (kind === "DR") return { forwarding: "route" };
  if (kind !== "TUN") {
    ctx.error(m, "bad-method", `'${m.text}' is not NAT, DR or TUN`, `'${m.text}' 不是 NAT、DR 或 TUN`);
    return undefined;
  }
  const tunnel: NonNullable<RealServerInput["tunnel"]> = { type: "ipip" };
  for (let i = 1; i < st.args.length; i++) {
    const w = st.args[i]!;
    if (w.text === "type") {
      const t = st.args[++i];
      if (!t || !["ipip", "gue", "gre"].includes(t.text)) {
        ctx.error(t ?? w, "bad-tunnel", "tunnel type must be ipip, gue or gre", "隧道类型必须是 ipip、gue 或 gre");
        return undefined;
      }
      tunnel.type = t.text as "ipip";
    } else if (w.text === "port") {
      const p = ctx.int(st.args[++i] ?? ctx.arg(st, i, "a port"), "tunnel port", 1, 65535);
      if (p !== undefined) tunnel.port = p;
    } else if (["nocsum", "csum", "remcsum"].includes(w.text)) {
      tunnel.csum = w.text as "csum";
    } else {
      ctx.error(w, "bad-tunnel", `unexpected '${w.text}' after lvs_method TUN`, `lvs_method TUN 之后出现意外的 '${w.text}'`);
    }
  }
  return tunnel.type === "ipip" ? { forwarding: "tunnel" } : { forwarding: "tunnel", tunnel };
}

function parseRealServer(
  ctx: KaContext,
  st: Statement,
  vsUp: Inherited,
  vsMethod: Pick<RealServerInput, "forwarding" | "tunnel"> | undefined,
  path: Path,
): { rs: RealServerInput; check: HealthCheckInput } | undefined {
  ctx.where.set(path, st);
  if (ipv6WithoutPort(ctx, st, "real_server")) return undefined;
  const address = ctx.address(ctx.arg(st, 0, "the real server's address"), "real_server");
  const port = st.args[1] ? ctx.int(st.args[1], "real_server port", 0, 65535) : 0;
  if (st.args.length > 2)
    ctx.error(st.args[2]!, "extra-value", `unexpected '${st.args[2]!.text}' after real_server address and port`, `real_server 地址和端口之后出现意外的 '${st.args[2]!.text}'`);
  if (!st.block) ctx.error(st, "missing-block", "real_server needs a { } block", "real_server 需要 { } 块");
  if (address === undefined || port === undefined) return undefined;
  const rs: RealServerInput = { address, port, forwarding: vsMethod?.forwarding ?? "masq" };
  if (vsMethod?.tunnel) rs.tunnel = { ...vsMethod.tunnel };
  const up: Inherited = { ...vsUp };
  let check: HealthCheckInput | undefined;
  for (const s of st.block ?? []) {
    if (timing(ctx, s, up)) continue;
    const k = s.keyword.text;
    if (k === "weight") {
      ctx.where.set([...path, "weight"], s);
      const w = ctx.int(ctx.arg(s, 0, "a weight"), "weight", 0, 65535);
      if (w !== undefined) rs.weight = w;
    } else if (k === "lvs_method" || k === "lb_kind") {
      const m = method(ctx, s);
      if (m) {
        rs.forwarding = m.forwarding;
        if (m.tunnel) rs.tunnel = m.tunnel;
        else delete rs.tunnel;
      }
    } else if (k === "uthreshold" || k === "lthreshold") {
      const v = ctx.int(ctx.arg(s, 0, "a connection count"), k, 0, 2_147_483_647);
      if (v !== undefined) rs[k === "uthreshold" ? "upperThreshold" : "lowerThreshold"] = v;
      ctx.where.set([...path, k === "uthreshold" ? "upperThreshold" : "lowerThreshold"], s);
    } else if (k === "snmp_name") {
      const w = ctx.arg(s, 0, "a name");
      if (w) rs.name = w.text;
      ctx.where.set([...path, "name"], s);
    } else if (CHECKERS.has(k)) {
      if (check) {
        ctx.warn(s, "extra-checker", `Shoal holds one checker per real server; this ${k} is ignored`, `Shoal 每台真实服务器只保存一个检查器，此 ${k} 已忽略`);
        continue;
      }
      ctx.where.set([...path, "healthCheck"], s);
      check = parseChecker(ctx, s, up, { address, port });
    } else if (UNSUPPORTED_CHECKERS.has(k)) {
      ctx.warn(s, "unsupported-checker", `${k} is not supported by Shoal; the real server is kept without it`, `Shoal 不支持 ${k}，真实服务器保留但不带此检查`);
    } else if (RS_IGNORED.has(k)) ctx.ignored(s, "real_server");
    else ctx.unknown(s, "real_server");
  }
  return { rs, check: check ?? { type: "none" } };
}

export function parseVirtualServer(ctx: KaContext, st: Statement, index: number): VirtualServiceInput | undefined {
  const path: Path = ["virtualServices", index];
  ctx.where.set(path, st);
  const first = ctx.arg(st, 0, "an address and port, fwmark N or group NAME");
  if (!first) return undefined;
  if (first.text === "group") {
    ctx.warn(
      st,
      "unsupported-group",
      "virtual_server group is not supported by Shoal; this virtual_server is skipped",
      "Shoal 不支持 virtual_server group，已跳过此 virtual_server",
    );
    return undefined;
  }
  if (!st.block) ctx.error(st, "missing-block", "virtual_server needs a { } block", "virtual_server 需要 { } 块");
  const extra = st.args[2];
  if (extra) ctx.error(extra, "extra-value", `unexpected '${extra.text}' after the virtual_server address and port`, `virtual_server 地址和端口之后出现意外的 '${extra.text}'`);
  const vs: VirtualServiceInput = {};
  let fwFamily: "inet" | "inet6" | undefined;
  if (first.text === "fwmark") {
    vs.protocol = "fwmark";
    const m = ctx.int(ctx.arg(st, 1, "a firewall mark"), "fwmark", 1, 4_294_967_295);
    if (m === undefined) return undefined;
    vs.fwmark = m;
  } else {
    if (ipv6WithoutPort(ctx, st, "virtual_server")) return undefined;
    const address = ctx.address(first, "virtual_server");
    const port = st.args[1] ? ctx.int(st.args[1], "virtual_server port", 0, 65535) : 0;
    if (address === undefined || port === undefined) return undefined;
    vs.address = address;
    vs.port = port;
    vs.family = familyOf(address)!;
    vs.protocol = "tcp"; // replaced below: keepalived's default is UDP
  }
  let protocolSeen = false;
  const up: Inherited = {};
  let vsMethod: Pick<RealServerInput, "forwarding" | "tunnel"> | undefined;
  const flags: { word: Word; text: string }[] = [];
  // keepalived fills a real_server's unset lvs_method, delay_loop & co. from the
  // virtual_server once the whole block is read, so real servers are read last.
  const realServers: Statement[] = [];
  for (const s of st.block ?? []) {
    if (timing(ctx, s, up)) continue;
    const k = s.keyword.text;
    switch (k) {
      case "lvs_sched":
      case "lb_algo": {
        ctx.where.set([...path, "scheduler"], s);
        const w = ctx.arg(s, 0, "a scheduler");
        const name = w?.text;
        if (w && name !== undefined && isScheduler(name)) vs.scheduler = name;
        else if (w) {
          const m = unknownSchedulerMessage(w.text);
          ctx.error(w, "unknown-scheduler", m.en, m.zh);
        }
        break;
      }
      case "lvs_method":
      case "lb_kind":
        vsMethod = method(ctx, s);
        break;
      case "protocol": {
        ctx.where.set([...path, "protocol"], s);
        const w = ctx.arg(s, 0, "TCP, UDP or SCTP");
        if (!w) break;
        protocolSeen = true;
        const p = w.text.toLowerCase();
        if (p !== "tcp" && p !== "udp" && p !== "sctp") ctx.error(w, "bad-protocol", `'${w.text}' is not TCP, UDP or SCTP`, `'${w.text}' 不是 TCP、UDP 或 SCTP`);
        else if (vs.protocol !== "fwmark") vs.protocol = p;
        break;
      }
      case "sh-port":
      case "sh-fallback":
      case "mh-port":
      case "mh-fallback":
      case "flag-1":
      case "flag-2":
      case "flag-3":
        flags.push({ word: s.keyword, text: k });
        break;
      case "ops":
        vs.onePacket = true;
        break;
      case "persistence_timeout": {
        ctx.where.set([...path, "persistence"], s);
        // keepalived: a bare persistence_timeout means its default of 6 minutes.
        const v = s.args[0] ? ctx.int(s.args[0], "persistence_timeout", 1, 2_147_483) : 360;
        if (v !== undefined) vs.persistence = v;
        break;
      }
      case "persistence_granularity": {
        ctx.where.set([...path, "persistenceNetmask"], s);
        const w = ctx.arg(s, 0, "a netmask");
        if (!w) break;
        const p = w.text.includes(".") ? maskToPrefix(w.text) : /^\d+$/.test(w.text) ? Number(w.text) : undefined;
        if (p === undefined || p > 128) ctx.error(w, "bad-netmask", `'${w.text}' is not a netmask or prefix length`, `'${w.text}' 不是掩码或前缀长度`);
        else vs.persistenceNetmask = p;
        break;
      }
      case "persistence_engine": {
        ctx.where.set([...path, "persistenceEngine"], s);
        const w = ctx.arg(s, 0, "an engine name");
        if (w) vs.persistenceEngine = w.text as "sip";
        break;
      }
      case "quorum":
      case "hysteresis": {
        ctx.where.set([...path, k], s);
        const v = ctx.int(ctx.arg(s, 0, "a weight"), k, k === "quorum" ? 1 : 0, 2_147_483_647);
        if (v !== undefined) vs[k] = v;
        break;
      }
      case "sorry_server": {
        ctx.where.set([...path, "sorryServer"], s);
        const a = ctx.address(ctx.arg(s, 0, "an address"), "sorry_server");
        const p = s.args[1] ? ctx.int(s.args[1], "sorry_server port", 0, 65535) : 0;
        if (a !== undefined && p !== undefined) vs.sorryServer = { address: a, port: p };
        break;
      }
      case "ip_family": {
        const w = ctx.arg(s, 0, "inet or inet6");
        if (w && (w.text === "inet" || w.text === "inet6")) fwFamily = w.text;
        else if (w) ctx.error(w, "bad-family", `'${w.text}' is not inet or inet6`, `'${w.text}' 不是 inet 或 inet6`);
        break;
      }
      case "snmp_name": {
        ctx.where.set([...path, "name"], s);
        const w = ctx.arg(s, 0, "a name");
        if (w) vs.name = w.text;
        break;
      }
      case "real_server":
        realServers.push(s);
        break;
      default:
        if (VS_IGNORED.has(k)) ctx.ignored(s, "virtual_server");
        else ctx.unknown(s, "virtual_server");
    }
  }
  if (vs.protocol !== "fwmark" && !protocolSeen) {
    // keepalived 2.x: "no protocol set - defaulting to UDP" (the kernel's own default for 0).
    vs.protocol = "udp";
    ctx.warn(
      st,
      "no-protocol",
      "virtual_server has no 'protocol': keepalived defaults to UDP, and so does Shoal",
      "virtual_server 没有 'protocol'：keepalived 默认使用 UDP，Shoal 同样如此",
    );
  }
  const sched = vs.scheduler ?? "wlc";
  vs.schedFlags = [];
  for (const f of flags) {
    let flag = f.text;
    // flag-1 / flag-2 are sh/mh's fallback / port under their generic names.
    if (flag === "flag-1" && (sched === "sh" || sched === "mh")) flag = `${sched}-fallback`;
    if (flag === "flag-2" && (sched === "sh" || sched === "mh")) flag = `${sched}-port`;
    if (flag.startsWith("flag-")) ctx.warn(f.word, "ignored", `'${f.text}' has no meaning for scheduler ${sched}; ignored`, `'${f.text}' 对调度算法 ${sched} 无意义，已忽略`);
    else if (!vs.schedFlags.includes(flag as "sh-port")) vs.schedFlags.push(flag as "sh-port");
  }
  const parsed: { rs: RealServerInput; check: HealthCheckInput }[] = [];
  for (const s of realServers) {
    const r = parseRealServer(ctx, s, up, vsMethod, [...path, "realServers", parsed.length]);
    if (r) parsed.push(r);
  }
  if (vs.protocol === "fwmark") vs.family = fwFamily ?? (parsed[0] ? familyOf(parsed[0].rs.address) : undefined) ?? "inet";
  const { service, perServer } = splitChecks(parsed.map((p) => p.check as HealthCheck));
  vs.healthCheck = service;
  vs.realServers = parsed.map((p, i) => (perServer[i] ? { ...p.rs, healthCheck: perServer[i] } : p.rs));
  return vs;
}
