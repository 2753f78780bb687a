/** How a model field is called in messages: the words an LVS operator uses, en and zh-CN. */
const LABELS: Record<string, [string, string]> = {
  name: ["name", "名称"], description: ["description", "描述"], id: ["id", "ID"],
  address: ["address", "地址"], port: ["port", "端口"], protocol: ["protocol", "协议"],
  family: ["address family", "地址族"], fwmark: ["firewall mark (fwmark)", "防火墙标记（fwmark）"],
  scheduler: ["scheduler", "调度算法"], schedFlags: ["scheduler flags", "调度标志"],
  persistence: ["persistence timeout", "持久连接超时"], persistenceNetmask: ["persistence netmask", "持久连接掩码"],
  persistenceEngine: ["persistence engine", "持久化引擎"], onePacket: ["one-packet scheduling", "单包调度"],
  sorryServer: ["sorry server", "后备服务器（sorry server）"], quorum: ["quorum", "法定权重（quorum）"],
  hysteresis: ["hysteresis", "迟滞值"], enabled: ["enabled", "启用"],
  healthCheck: ["health check", "健康检查"], realServers: ["real servers", "真实服务器"],
  forwarding: ["forwarding method", "转发方式"], tunnel: ["tunnel settings", "隧道参数"], csum: ["tunnel checksum", "隧道校验和"],
  weight: ["weight", "权重"], upperThreshold: ["upper connection threshold", "连接数上限"],
  lowerThreshold: ["lower connection threshold", "连接数下限"], virtualServices: ["virtual services", "虚拟服务"],
  vipInterface: ["VIP interface", "VIP 所在网卡"], vipLabel: ["VIP label", "VIP 标签"], vipPrefix: ["VIP prefix length", "VIP 前缀长度"],
  directors: ["directors", "导向器"], managementAddress: ["management address", "管理地址"],
  publicInterface: ["public interface", "公网网卡"], privateInterface: ["private interface", "内网网卡"],
  publicAddress: ["public address", "公网地址"], privateAddress: ["private address (DIP)", "内网地址（DIP）"],
  role: ["role", "角色"], timeouts: ["connection timeouts", "连接超时"], tcp: ["TCP timeout", "TCP 超时"],
  tcpFin: ["TCP FIN timeout", "TCP FIN 超时"], udp: ["UDP timeout", "UDP 超时"],
  syncDaemon: ["connection sync daemon", "连接同步守护进程"], interface: ["interface", "网卡"],
  syncId: ["sync ID", "同步 ID"], maxLen: ["max sync message size", "同步消息最大长度"],
  mcastGroup: ["multicast group", "组播地址"], mcastPort: ["multicast port", "组播端口"], mcastTtl: ["multicast TTL", "组播 TTL"],
  vrrp: ["VRRP", "VRRP"], instance: ["VRRP instance name", "VRRP 实例名"], virtualRouterId: ["virtual router ID", "虚拟路由 ID"],
  priorityPrimary: ["primary priority", "主导向器优先级"], priorityBackup: ["backup priority", "备用导向器优先级"],
  advertInterval: ["advertisement interval", "通告间隔"], authType: ["authentication type", "认证方式"],
  authPass: ["authentication password", "认证密码"], preempt: ["preempt", "抢占"], preemptDelay: ["preempt delay", "抢占延迟"],
  interval: ["check interval", "检查间隔"], timeout: ["check timeout", "检查超时"], rise: ["rise count", "恢复次数（rise）"],
  fall: ["fall count", "失败次数（fall）"], onFailure: ["on failure", "失败处理方式"], path: ["URL path", "URL 路径"],
  expectStatus: ["expected status codes", "期望状态码"], bodyRegex: ["body regex", "响应体正则"], host: ["Host header", "Host 头"],
  verifyTls: ["verify TLS", "校验证书"], send: ["string to send", "发送字符串"], expect: ["expected reply", "期望响应"],
  useRegex: ["regex match", "正则匹配"], command: ["command", "命令"], type: ["type", "类型"],
  format: ["backup format", "备份格式"], version: ["backup version", "备份版本"], cluster: ["cluster", "集群"],
};

export function fieldLabel(path: readonly PropertyKey[]): { en: string; zh: string } {
  const i = path.findLastIndex((k) => typeof k === "string");
  if (i < 0) return { en: "the value", zh: "该值" };
  const key = String(path[i]);
  const [en, zh] = LABELS[key] ?? [key, key];
  const item = path[i + 1];
  if (typeof item === "number") return { en: `${en} #${item + 1}`, zh: `第 ${item + 1} 个${zh}` };
  return { en, zh };
}
