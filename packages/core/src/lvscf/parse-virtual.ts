/** A `virtual` block with its `server` blocks -> VirtualServiceInput, with locations. */
import { maskToPrefix } from "../model/address.ts";
import type { Forwarding } from "../model/enums.ts";
import type { HealthCheckInput } from "../model/health-check.ts";
import type { RealServerInput } from "../model/real-server.ts";
import type { VirtualServiceInput } from "../model/virtual-service.ts";
import { PIRANHA_SCHEDULERS } from "./cannot-hold.ts";
import type { Ctx, Virtual } from "./parse-context.ts";
import type { CfWord } from "./syntax.ts";

const VIRTUAL_IGNORED = new Set(["client_monitor", "master", "dirs", "start_cmd", "stop_cmd"]);

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
    if (expect)
      ctx.warn(
        expect,
        "expect-with-program",
        "Shoal's external check uses the program's exit status; the expected output is ignored",
        "Shoal 的外部检查以程序退出码为准，expect 的期望输出已忽略",
      );
    if (get("send")) ctx.warn(get("send")!, "send-with-program", "send is ignored when send_program is set (as nanny does)", "设置了 send_program 时忽略 send（与 nanny 相同）");
    return { type: "external", ...common, command: program.text };
  }
  if (expect && expect.text !== "") {
    return { type: "send-expect", ...common, send: get("send")?.text ?? "", expect: expect.text, useRegex: ctx.bool(get("use_regex"), "use_regex") ?? false };
  }
  if (get("send")?.text)
    ctx.warn(get("send")!, "send-without-expect", "send without expect: Shoal checks only that the port accepts a connection", "只有 send 没有 expect：Shoal 只检查端口能否连接");
  void port;
  return { type: "tcp", ...common };
}

export function buildVirtual(ctx: Ctx, v: Virtual, index: number, network: Forwarding): VirtualServiceInput {
  const path = ["virtualServices", index];
  ctx.where.set(path, v.at);
  const key = (k: string) => v.keys.get(k);
  for (const [k, e] of v.keys) {
    ctx.where.set([...path, k], e.line);
    if (
      [
        "active",
        "address",
        "vip_nmask",
        "fwmark",
        "port",
        "protocol",
        "scheduler",
        "persistent",
        "pmask",
        "send",
        "expect",
        "use_regex",
        "send_program",
        "timeout",
        "reentry",
        "quiesce_server",
        "sorry_server",
        "load_monitor",
      ].includes(k)
    )
      continue;
    if (VIRTUAL_IGNORED.has(k))
      ctx.warn(e.line, "ignored", `'${k}' in virtual ${v.name} is not held by Shoal; ignored`, `virtual ${v.name} 中的 '${k}' 在 Shoal 中没有对应项，已忽略`);
    else ctx.warn(e.line, "unknown-key", `unknown key '${k}' in virtual ${v.name}; ignored`, `virtual ${v.name} 中有未知键 '${k}'，已忽略`);
  }
  const lm = key("load_monitor")?.values[0];
  if (lm && lm.text !== "none")
    ctx.warn(lm, "ignored", `load_monitor ${lm.text} (rup/ruptime weights) is not supported by Shoal; ignored`, `Shoal 不支持 load_monitor ${lm.text}（rup/ruptime 权重），已忽略`);
  const vs: VirtualServiceInput = { name: v.name, family: "inet" };
  vs.enabled = ctx.bool(key("active")?.values[0], "active") ?? true;
  const fwmark = ctx.int(key("fwmark")?.values[0], "fwmark", 1, 4_294_967_295);
  const addr = key("address");
  const port = ctx.int(key("port")?.values[0], "port", 0, 65535) ?? 80;
  if (fwmark !== undefined) {
    vs.protocol = "fwmark";
    vs.fwmark = fwmark;
    if (addr)
      ctx.warn(
        addr.line,
        "fwmark-address",
        `virtual ${v.name} is matched by fwmark ${fwmark}; its address ${addr.values[0]!.text} is not kept (Shoal's fwmark services have no VIP)`,
        `virtual ${v.name} 按 fwmark ${fwmark} 匹配；其地址 ${addr.values[0]!.text} 不保存（Shoal 的 fwmark 服务没有 VIP）`,
      );
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
    const nm = key("vip_nmask")?.values[0];
    if (nm) {
      const p = maskToPrefix(nm.text);
      if (p === undefined) ctx.error(nm, "bad-netmask", `'${nm.text}' is not a netmask like 255.255.255.0`, `'${nm.text}' 不是 255.255.255.0 这样的掩码`);
      else if (p < 32) vs.vipPrefix = p;
    }
    vs.port = port;
  }
  const sched = key("scheduler")?.values[0];
  if (sched) {
    if (!PIRANHA_SCHEDULERS.includes(sched.text as "rr"))
      ctx.error(
        sched,
        "bad-scheduler",
        `'${sched.text}' is not a Piranha scheduler (${PIRANHA_SCHEDULERS.join(" ")})`,
        `'${sched.text}' 不是 Piranha 调度算法（${PIRANHA_SCHEDULERS.join(" ")}）`,
      );
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
      if (!["address", "active", "port", "weight"].includes(k))
        ctx.warn(e.line, "unknown-key", `unknown key '${k}' in server ${s.name}; ignored`, `server ${s.name} 中有未知键 '${k}'，已忽略`);
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
