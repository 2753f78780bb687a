/**
 * What Piranha's lvs.cf cannot hold of a Shoal cluster, and the projection that drops or
 * normalises exactly that. The renderer writes the projection, so for every valid topology t:
 * parseLvsCf(renderLvsCf(t)) == projectForLvsCf(t).
 */
import type { CannotHold } from "../keepalived/cannot-hold.ts";
import { Cluster, type ClusterInput } from "../model/cluster.ts";
import type { Forwarding, Scheduler } from "../model/enums.ts";
import type { HealthCheck, HealthCheckInput } from "../model/health-check.ts";
import type { RealServerInput } from "../model/real-server.ts";
import type { VirtualService, VirtualServiceInput } from "../model/virtual-service.ts";

export const lvsCfCannotHold: CannotHold[] = [
  {
    field: "mixed forwarding methods",
    why: {
      en: "lvs.cf has one `network` (nat, direct or tunnel) for the whole cluster: every real server takes the first real server's method",
      zh: "lvs.cf 整个集群只有一个 network（nat、direct 或 tunnel）：所有真实服务器都使用第一台真实服务器的转发方式",
    },
  },
  {
    field: "IPv6 services, SCTP services",
    why: {
      en: "Piranha reads IPv4 addresses only (inet_aton) and protocol tcp or udp only: such services are left out",
      zh: "Piranha 只读取 IPv4 地址（inet_aton），协议只有 tcp 或 udp：这些服务不写入",
    },
  },
  {
    field: "schedulers other than rr wrr lc wlc lblc lblcr dh sh; schedFlags",
    why: {
      en: "Piranha knows only these eight schedulers and no flags: others become wlc, Piranha's default",
      zh: "Piranha 只认识这八种调度算法，也没有调度标志：其余改为 Piranha 默认的 wlc",
    },
  },
  {
    field: "persistenceEngine, onePacket, quorum, hysteresis; persistenceNetmask 32 or without persistence",
    why: { en: "lvs.cf has no keys for them (pmask 255.255.255.255 means no mask to Piranha)", zh: "lvs.cf 没有对应的键（Piranha 把 pmask 255.255.255.255 视为没有掩码）" },
  },
  {
    field: "sorryServer port, IPv6 sorry servers",
    why: { en: "sorry_server is an IPv4 address only; its port is the virtual service's", zh: "sorry_server 只是 IPv4 地址；端口取虚拟服务的端口" },
  },
  { field: "vrrp", why: { en: "Piranha fails over with its own heartbeat (pulse), not VRRP", zh: "Piranha 用自己的心跳（pulse）切换，不用 VRRP" } },
  {
    field: "syncDaemon maxLen, mcastGroup, mcastPort, mcastTtl",
    why: { en: "lvs.cf has only syncdaemon, syncd_iface and syncd_id", zh: "lvs.cf 只有 syncdaemon、syncd_iface 和 syncd_id" },
  },
  {
    field: "directors beyond one primary and one backup; their names, interfaces and public/private addresses; IPv6 management addresses",
    why: {
      en: "lvs.cf has only `primary` and `backup` IPv4 addresses: they read back as directors named primary and backup",
      zh: "lvs.cf 只有 primary 和 backup 两个地址：读回为名为 primary 和 backup 的调度器",
    },
  },
  {
    field: "id, description; names that are not unique lvs.cf words",
    why: {
      en: "virtual and server blocks need unique names: missing or clashing ones become virtualN / serverN",
      zh: "virtual 和 server 块需要唯一名称：缺失或重复的改为 virtualN / serverN",
    },
  },
  {
    field: "VIP interface without a label, fwmark service VIP devices",
    why: {
      en: "`address = VIP dev` holds one device word: eth0:1 reads back as interface eth0 label eth0:1; a missing one is written as eth0",
      zh: "address = VIP 设备 只有一个设备字段：eth0:1 读回为接口 eth0、标签 eth0:1；缺失时写为 eth0",
    },
  },
  {
    field: "real server upper/lower thresholds, tunnel encapsulation, per-real-server health checks",
    why: { en: "server blocks hold only address, active, port and weight", zh: "server 块只有 address、active、port 和 weight" },
  },
  {
    field: "health check rise, fall, port; checks other than TCP connect, send/expect and external",
    why: {
      en: "nanny checks every virtual service one way: none and https become a TCP connect check, http becomes send/expect with a status-line regex; interval is written as reentry, timeout as timeout",
      zh: "nanny 对每个虚拟服务只有一种检查：none 与 https 改为 TCP 连接检查，http 改为带状态行正则的 send/expect；interval 写为 reentry，timeout 写为 timeout",
    },
  },
  {
    field: "%p in external commands; text with both quote kinds or line breaks",
    why: {
      en: "Piranha substitutes only %h: %p is written as the virtual service's port; \" becomes ' when both quotes occur; line breaks become \\n",
      zh: "Piranha 只替换 %h：%p 写为虚拟服务端口；同时含两种引号时 \" 改为 '；换行改为 \\n",
    },
  },
];

export const PIRANHA_SCHEDULERS: readonly Scheduler[] = ["rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh"];

/** What a Piranha quoted value can carry: one line, not both quote kinds. */
export function piranhaSafeText(s: string): string {
  const t = s.replace(/\r/g, "\\r").replace(/\n/g, "\\n");
  return t.includes('"') && t.includes("'") ? t.replace(/"/g, "'") : t;
}

export function clusterNetwork(cluster: Cluster): Forwarding {
  for (const vs of heldServices(cluster)) for (const rs of vs.realServers) return rs.forwarding;
  return "route";
}

export function heldServices(cluster: Cluster): VirtualService[] {
  return cluster.virtualServices.filter((s) => s.family === "inet" && s.protocol !== "sctp");
}

function uniqueName(wanted: string | undefined, used: Set<string>, fallback: string): string {
  let n = wanted && /^[A-Za-z0-9_.:-]+$/.test(wanted) && wanted.length <= 64 && !used.has(wanted) ? wanted : undefined;
  for (let i = 1; !n; i++) if (!used.has(`${fallback}${i}`)) n = `${fallback}${i}`;
  used.add(n);
  return n;
}

/** nanny's one check per virtual service, as lvs.cf will hold it. */
function projectCheck(c: HealthCheck, vs: VirtualService): HealthCheckInput {
  const common = c.type === "none" ? {} : { interval: c.interval, timeout: c.timeout, onFailure: c.onFailure };
  switch (c.type) {
    case "none":
    case "tcp":
    case "https":
      return { type: "tcp", ...common };
    case "http": {
      const host = c.host ? `Host: ${c.host}\\r\\n` : "";
      const codes = [...new Set(c.expectStatus)].sort((a, b) => a - b).join("|");
      return {
        type: "send-expect",
        ...common,
        send: piranhaSafeText(`GET ${c.path} HTTP/1.0\\r\\n${host}\\r\\n`),
        expect: `^HTTP/1\\.[01] (${codes})`,
        useRegex: true,
      };
    }
    case "send-expect":
      return { type: "send-expect", ...common, send: piranhaSafeText(c.send), expect: piranhaSafeText(c.expect), useRegex: c.useRegex };
    case "external":
      return { type: "external", ...common, command: piranhaSafeText(c.command.replace(/%p/g, String(vs.port ?? 0))) };
  }
}

export function projectForLvsCf(cluster: Cluster): Cluster {
  const network = clusterNetwork(cluster);
  const out: ClusterInput = { name: cluster.name, timeouts: { ...cluster.timeouts }, directors: [] };
  const primary = cluster.directors.find((d) => d.role === "primary");
  const backup = cluster.directors.find((d) => d.role === "backup");
  // Piranha resolves only IPv4 (inet_aton): an IPv6 management address cannot be written.
  if (primary && !primary.managementAddress.includes(":")) out.directors!.push({ name: "primary", role: "primary", managementAddress: primary.managementAddress });
  if (backup && !backup.managementAddress.includes(":")) out.directors!.push({ name: "backup", role: "backup", managementAddress: backup.managementAddress });
  if (cluster.syncDaemon) {
    const s = cluster.syncDaemon;
    out.syncDaemon = { enabled: s.enabled, interface: s.interface, syncId: s.syncId };
  }
  const names = new Set<string>();
  out.virtualServices = heldServices(cluster).map((vs): VirtualServiceInput => {
    const p: VirtualServiceInput = {
      name: uniqueName(vs.name, names, "virtual"),
      protocol: vs.protocol,
      family: "inet",
      scheduler: PIRANHA_SCHEDULERS.includes(vs.scheduler) ? vs.scheduler : "wlc",
      enabled: vs.enabled,
      healthCheck: projectCheck(vs.healthCheck, vs),
    };
    if (vs.protocol === "fwmark") p.fwmark = vs.fwmark;
    else {
      p.address = vs.address;
      p.port = vs.port ?? 0;
      const dev = vs.vipLabel || vs.vipInterface || "eth0";
      p.vipInterface = dev.split(":")[0] || "eth0";
      if (dev.includes(":")) p.vipLabel = dev;
      if (vs.vipPrefix !== undefined && vs.vipPrefix < 32) p.vipPrefix = vs.vipPrefix;
    }
    if (vs.persistence !== undefined) {
      p.persistence = vs.persistence;
      if (vs.persistenceNetmask !== undefined && vs.persistenceNetmask < 32) p.persistenceNetmask = vs.persistenceNetmask;
    }
    if (vs.sorryServer && !vs.sorryServer.address.includes(":")) p.sorryServer = { address: vs.sorryServer.address, port: vs.port ?? 0 };
    const used = new Set<string>();
    p.realServers = vs.realServers.map((rs): RealServerInput => ({
      name: uniqueName(rs.name, used, "server"),
      address: rs.address,
      port: rs.port,
      forwarding: network,
      weight: rs.weight,
      enabled: rs.enabled,
    }));
    return p;
  });
  return Cluster.parse(out);
}
