/**
 * What a keepalived.conf cannot hold of a Shoal cluster, and the projection that drops or
 * normalises exactly those things. The renderer writes the projection, so for every valid
 * topology t: parseKeepalivedConf(renderKeepalivedConf(t, o)) == projectForKeepalived(t, o).
 */
import type { Message } from "../diagnostics.ts";
import { Cluster, type ClusterInput } from "../model/cluster.ts";
import type { HealthCheck, HealthCheckInput } from "../model/health-check.ts";
import type { RealServer, RealServerInput } from "../model/real-server.ts";
import type { VirtualService, VirtualServiceInput } from "../model/virtual-service.ts";
import { bakeCommand, effectiveCheck, splitChecks, unbakeCommand } from "./checks.ts";

export interface CannotHold {
  field: string;
  why: Message;
}

export const keepalivedCannotHold: CannotHold[] = [
  { field: "id, description (cluster, services, real servers)", why: { en: "keepalived.conf has no place for them", zh: "keepalived.conf 中没有对应的位置" } },
  {
    field: "directors beyond the file's own and one peer; their interfaces and public/private addresses; any director in a file rendered for no director",
    why: {
      en: "a keepalived.conf is one director's file: its router_id and a header line name it and its peer (name, management address, role)",
      zh: "keepalived.conf 只是一台调度器的配置：router_id 和一行文件头注释写出它和对端（名称、管理地址、角色）",
    },
  },
  {
    field: "vrrp: the other director's priority",
    why: {
      en: "each director's file carries only its own priority; the other one reads back as the model default",
      zh: "每台调度器的文件只有自己的优先级，另一台的优先级读回为模型默认值",
    },
  },
  { field: "vrrp.authPass when authType is none", why: { en: "no authentication block is written without an auth_type", zh: "没有 auth_type 时不写 authentication 块" } },
  { field: "vrrp.advertInterval finer than 0.01 s", why: { en: "keepalived counts adverts in centiseconds", zh: "keepalived 以百分之一秒计通告间隔" } },
  {
    field: "syncDaemon when disabled",
    why: { en: "lvs_sync_daemon has no off switch: a disabled daemon is not written", zh: "lvs_sync_daemon 没有关闭开关，禁用的同步守护进程不写入" },
  },
  {
    field: "enabled = false (services, real servers)",
    why: { en: "keepalived has no inactive virtual_server or real_server: disabled ones are left out", zh: "keepalived 没有停用状态，停用的服务和真实服务器不写入" },
  },
  {
    field: "vipInterface, vipLabel, vipPrefix",
    why: {
      en: "held only as prefix/dev/label of the VIP in the vrrp_instance: lost without VRRP or for fwmark services, and one value per VIP address",
      zh: "只能作为 vrrp_instance 中 VIP 的前缀/dev/label 保存：没有 VRRP 或 fwmark 服务时丢失，每个 VIP 地址只有一组取值",
    },
  },
  { field: "quorum 0", why: { en: "keepalived's quorum is at least 1 (it replaces 0 by 1): written as 1", zh: "keepalived 的 quorum 至少为 1（0 会被改为 1）：写为 1" } },
  {
    field: "persistenceNetmask, persistenceEngine without persistence",
    why: { en: "keepalived writes them only with persistence_timeout", zh: "keepalived 只在有 persistence_timeout 时写入它们" },
  },
  {
    field: "tunnel of non-tunnel real servers, ipip tunnel details, tunnel.port of non-GUE tunnels",
    why: { en: "lvs_method TUN carries type/port/csum only where the kernel uses them", zh: "lvs_method TUN 只在内核使用时才带 type/port/csum" },
  },
  { field: "healthCheck.rise", why: { en: "keepalived has no rise count: a real server comes back after one good check", zh: "keepalived 没有 rise 次数：一次检查成功即恢复" } },
  { field: "healthCheck on a service without real servers", why: { en: "keepalived checkers live on real servers", zh: "keepalived 的检查器挂在真实服务器上" } },
  {
    field: "send-expect checks",
    why: {
      en: "keepalived has no send/expect checker: approximated by TCP_CHECK (connect only), same timing",
      zh: "keepalived 没有 send/expect 检查器：近似为 TCP_CHECK（仅建立连接），时间参数不变",
    },
  },
  { field: "https verifyTls", why: { en: "SSL_GET does not verify the real server's certificate", zh: "SSL_GET 不校验真实服务器证书" } },
  {
    field: "external check port; literal words equal to the real server's address or port",
    why: {
      en: "MISC_CHECK has no port and no %h/%p: they are baked into misc_path per real server and read back as %h/%p",
      zh: "MISC_CHECK 没有端口也不展开 %h/%p：它们按真实服务器写入 misc_path，读回时还原为 %h/%p",
    },
  },
  {
    field: "double quotes, line breaks in names, paths, regexes, commands, Host headers",
    why: { en: "keepalived's quoted strings cannot contain them: \" becomes ' and line breaks become spaces", zh: "keepalived 的引号字符串不能包含它们：\" 改为 '，换行改为空格" },
  },
  {
    field: "empty names and empty Host headers; duplicate schedFlags",
    why: { en: "snmp_name and virtualhost are only written when they say something; flags are a set", zh: "snmp_name 与 virtualhost 只在有内容时写入；调度标志是集合" },
  },
  { field: "expectStatus order and duplicates", why: { en: "status_code is a set of codes and ranges", zh: "status_code 是状态码与范围的集合" } },
];

/** Characters keepalived's quoted strings cannot carry. */
export function keepalivedSafeText(s: string): string {
  return s.replace(/"/g, "'").replace(/[\r\n]/g, " ");
}

function opt<T extends object, K extends string, V>(o: T, key: K, v: V | undefined): T & Partial<Record<K, V>> {
  if (v !== undefined) (o as Record<string, unknown>)[key] = v;
  return o;
}

/** One checker as keepalived will hold it for a given real server. */
function projectCheck(c: HealthCheck, rs: RealServer): HealthCheckInput {
  switch (c.type) {
    case "none":
      return { type: "none" };
    case "tcp":
    case "send-expect": {
      const out: HealthCheckInput = { type: "tcp", interval: c.interval, timeout: c.timeout, rise: 1, fall: c.fall, onFailure: c.onFailure };
      return opt(out, "port", c.port);
    }
    case "http":
    case "https": {
      const out: HealthCheckInput = {
        type: c.type,
        interval: c.interval,
        timeout: c.timeout,
        rise: 1,
        fall: c.fall,
        onFailure: c.onFailure,
        path: keepalivedSafeText(c.path),
        expectStatus: [...new Set(c.expectStatus)].sort((a, b) => a - b),
      };
      if (c.type === "https") (out as { verifyTls?: boolean }).verifyTls = false;
      opt(out, "port", c.port);
      opt(out, "bodyRegex", c.bodyRegex === undefined ? undefined : keepalivedSafeText(c.bodyRegex));
      return opt(out, "host", c.host === undefined || c.host === "" ? undefined : keepalivedSafeText(c.host));
    }
    case "external": {
      const baked = bakeCommand(keepalivedSafeText(c.command), rs.address, c.port ?? rs.port);
      return { type: "external", interval: c.interval, timeout: c.timeout, rise: 1, fall: c.fall, onFailure: c.onFailure, command: unbakeCommand(baked, rs.address, rs.port) };
    }
  }
}

function projectRealServer(rs: RealServer): RealServerInput {
  const out: RealServerInput = {
    address: rs.address,
    port: rs.port,
    forwarding: rs.forwarding,
    weight: rs.weight,
    upperThreshold: rs.upperThreshold,
    lowerThreshold: rs.lowerThreshold,
  };
  if (rs.forwarding === "tunnel" && rs.tunnel && rs.tunnel.type !== "ipip") {
    out.tunnel = { type: rs.tunnel.type, csum: rs.tunnel.csum };
    if (rs.tunnel.type === "gue" && rs.tunnel.port !== undefined) out.tunnel.port = rs.tunnel.port;
  }
  if (rs.name) out.name = keepalivedSafeText(rs.name);
  return out;
}

function projectService(vs: VirtualService, vip: Map<string, { dev?: string; label?: string; prefix?: number }> | undefined): VirtualServiceInput {
  const out: VirtualServiceInput = {
    protocol: vs.protocol,
    family: vs.family,
    scheduler: vs.scheduler,
    schedFlags: [...new Set(vs.schedFlags)],
    onePacket: vs.onePacket,
  };
  if (vs.name) out.name = vs.name;
  if (vs.protocol === "fwmark") out.fwmark = vs.fwmark;
  else {
    out.address = vs.address;
    out.port = vs.port ?? 0;
    const v = vs.address !== undefined ? vip?.get(vs.address) : undefined;
    if (v?.dev) out.vipInterface = v.dev;
    if (v?.label) out.vipLabel = v.label;
    if (v?.prefix !== undefined) out.vipPrefix = v.prefix;
  }
  if (vs.persistence !== undefined) {
    out.persistence = vs.persistence;
    if (vs.persistenceNetmask !== undefined) out.persistenceNetmask = vs.persistenceNetmask;
    if (vs.persistenceEngine !== undefined) out.persistenceEngine = vs.persistenceEngine;
  }
  if (vs.sorryServer) out.sorryServer = { ...vs.sorryServer };
  // keepalived refuses quorum 0 and uses 1 instead ("Quorum must be in [1, ...]").
  if (vs.quorum !== undefined) out.quorum = Math.max(1, vs.quorum);
  if (vs.hysteresis !== undefined) out.hysteresis = vs.hysteresis;
  const live = vs.realServers.filter((r) => r.enabled);
  const effective = live.map((r) => projectCheck(effectiveCheck(vs.healthCheck, r), r) as HealthCheck);
  const { service, perServer } = splitChecks(effective);
  out.healthCheck = service;
  out.realServers = live.map((r, i) => {
    const p = projectRealServer(r);
    const own = perServer[i];
    if (own) p.healthCheck = own;
    return p;
  });
  return out;
}

/** The VIP's dev/label as the vrrp_instance will hold them: the first service naming the VIP wins. */
export function vipDevices(services: VirtualService[]): Map<string, { dev?: string; label?: string; prefix?: number }> {
  const m = new Map<string, { dev?: string; label?: string; prefix?: number }>();
  for (const vs of services) {
    if (!vs.enabled || vs.protocol === "fwmark" || vs.address === undefined || m.has(vs.address)) continue;
    const e: { dev?: string; label?: string; prefix?: number } = {};
    const host = vs.family === "inet6" ? 128 : 32;
    if (vs.vipPrefix !== undefined && vs.vipPrefix < host) e.prefix = vs.vipPrefix;
    const dev = vs.vipInterface || (vs.vipLabel ? vs.vipLabel.split(":")[0] : undefined);
    if (dev) e.dev = dev;
    if (vs.vipLabel) e.label = vs.vipLabel;
    m.set(vs.address, e);
  }
  return m;
}

export interface KeepalivedOptions {
  /** Name of the director the file is for; its role picks state/priority. Default: the primary's view. */
  director?: string;
}

/** Role the rendered file is for: the named director's, else primary. */
export function keepalivedRole(cluster: Cluster, opts: KeepalivedOptions): "primary" | "backup" {
  if (opts.director === undefined) return "primary";
  const d = cluster.directors.find((x) => x.name === opts.director);
  if (!d) throw new Error(`director "${opts.director}" is not in cluster "${cluster.name}" / 集群 "${cluster.name}" 中没有调度器 "${opts.director}"`);
  return d.role;
}

/** The directors a file for `opts.director` names: that one, then the first of the other role. */
export function fileDirectors(cluster: Cluster, opts: KeepalivedOptions): { name: string; managementAddress: string; role: "primary" | "backup"; self: boolean }[] {
  const self = opts.director === undefined ? undefined : cluster.directors.find((d) => d.name === opts.director);
  if (!self) return [];
  const peer = cluster.directors.find((d) => d.role !== self.role);
  return [self, ...(peer ? [peer] : [])].map((d) => ({ name: d.name, managementAddress: d.managementAddress, role: d.role, self: d === self }));
}

export function projectForKeepalived(cluster: Cluster, opts: KeepalivedOptions = {}): Cluster {
  const role = keepalivedRole(cluster, opts);
  const out: ClusterInput = {
    name: cluster.name,
    timeouts: { ...cluster.timeouts },
    directors: fileDirectors(cluster, opts).map(({ name, managementAddress, role: r }) => ({ name, managementAddress, role: r })),
  };
  if (cluster.syncDaemon?.enabled) {
    const s = cluster.syncDaemon;
    out.syncDaemon = { enabled: true, interface: s.interface, syncId: s.syncId };
    opt(out.syncDaemon, "maxLen", s.maxLen);
    opt(out.syncDaemon, "mcastGroup", s.mcastGroup);
    opt(out.syncDaemon, "mcastPort", s.mcastPort);
    opt(out.syncDaemon, "mcastTtl", s.mcastTtl);
  }
  if (cluster.vrrp) {
    const v = cluster.vrrp;
    out.vrrp = {
      instance: v.instance,
      interface: v.interface,
      virtualRouterId: v.virtualRouterId,
      advertInterval: Math.max(0.01, Math.round(v.advertInterval * 100) / 100),
      authType: v.authType,
      preempt: v.preempt,
    };
    if (role === "primary") out.vrrp.priorityPrimary = v.priorityPrimary;
    else out.vrrp.priorityBackup = v.priorityBackup;
    if (v.authType !== "none" && v.authPass !== undefined) out.vrrp.authPass = keepalivedSafeText(v.authPass);
    if (v.preemptDelay !== undefined) out.vrrp.preemptDelay = v.preemptDelay;
    // unicast_src_ip/unicast_peer are written from the file's directors: without a peer there is none.
    if (v.unicast && fileDirectors(cluster, opts).length > 1) out.vrrp.unicast = true;
  }
  const vip = cluster.vrrp ? vipDevices(cluster.virtualServices) : undefined;
  out.virtualServices = cluster.virtualServices.filter((s) => s.enabled).map((s) => projectService(s, vip));
  return Cluster.parse(out);
}
