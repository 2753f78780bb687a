import { diag, type Diagnostic } from "../../diagnostics.ts";
import { canonicalAddress } from "../../model/address.ts";
import type { ClusterRule } from "../types.ts";

export const directorNames: ClusterRule = (cluster) => {
  const out: Diagnostic[] = [];
  const names = new Map<string, number>();
  const addrs = new Map<string, number>();
  cluster.directors.forEach((d, i) => {
    const first = names.get(d.name);
    if (first !== undefined)
      out.push(
        diag(
          "error",
          "duplicate-director",
          `Two directors are named ${d.name} (#${first + 1} and #${i + 1}); agents find their configuration by name.`,
          `有两个导向器都叫 ${d.name}（第 ${first + 1} 个和第 ${i + 1} 个），agent 按名称查找自己的配置。`,
          { path: ["directors", i, "name"] },
        ),
      );
    else names.set(d.name, i);
    const key = canonicalAddress(d.managementAddress);
    const sameAddr = addrs.get(key);
    if (sameAddr !== undefined)
      out.push(
        diag(
          "error",
          "duplicate-director-address",
          `Directors #${sameAddr + 1} and #${i + 1} share the management address ${d.managementAddress}.`,
          `第 ${sameAddr + 1} 个和第 ${i + 1} 个导向器的管理地址都是 ${d.managementAddress}。`,
          { path: ["directors", i, "managementAddress"] },
        ),
      );
    else addrs.set(key, i);
  });
  return out;
};

/** Two primaries would both claim the VIPs at start: a split brain before VRRP even settles. */
export const onePrimary: ClusterRule = (cluster) => {
  const primaries = cluster.directors.map((d, i) => ({ d, i })).filter(({ d }) => d.role === "primary");
  return primaries
    .slice(1)
    .map(({ d, i }) =>
      diag(
        "error",
        "multiple-primary",
        `${d.name} is a second primary director (the first is ${primaries[0]!.d.name}). A cluster has one primary; make the others backup.`,
        `${d.name} 是第二个主导向器（第一个是 ${primaries[0]!.d.name}）。一个集群只能有一个主导向器，其余请设为备用。`,
        { path: ["directors", i, "role"] },
      ),
    );
};

export const vrrp: ClusterRule = (cluster) => {
  const v = cluster.vrrp;
  if (!v) return [];
  const out: Diagnostic[] = [];
  if (v.priorityPrimary <= v.priorityBackup)
    out.push(
      diag(
        "error",
        "vrrp-priority",
        `The primary's VRRP priority (${v.priorityPrimary}) must be higher than the backup's (${v.priorityBackup}), or the backup takes the VIPs.`,
        `主导向器的 VRRP 优先级（${v.priorityPrimary}）必须高于备用导向器（${v.priorityBackup}），否则 VIP 会被备用导向器接管。`,
        { path: ["vrrp", "priorityPrimary"] },
      ),
    );
  if (v.authType !== "none" && !v.authPass)
    out.push(
      diag("error", "vrrp-auth-pass", `VRRP authentication ${v.authType} needs a password (up to 8 characters).`, `VRRP 认证方式 ${v.authType} 需要设置密码（最多 8 个字符）。`, {
        path: ["vrrp", "authPass"],
      }),
    );
  if (v.authType === "none" && v.authPass)
    out.push(
      diag("warning", "vrrp-auth-unused", "A VRRP password is set but authentication is off; it is not used.", "设置了 VRRP 密码，但认证方式为 none，密码不会生效。", {
        path: ["vrrp", "authType"],
      }),
    );
  out.push(...interfaceKnown(cluster, v.interface, ["vrrp", "interface"], "VRRP", "VRRP"));
  return out;
};

export const syncDaemon: ClusterRule = (cluster) => {
  const s = cluster.syncDaemon;
  if (!s?.enabled) return [];
  if (!s.interface)
    return [
      diag(
        "error",
        "sync-interface-missing",
        "The connection sync daemon needs the interface it sends and receives sync messages on.",
        "连接同步守护进程必须指定收发同步消息的网卡。",
        { path: ["syncDaemon", "interface"] },
      ),
    ];
  return interfaceKnown(cluster, s.interface, ["syncDaemon", "interface"], "The connection sync daemon", "连接同步守护进程");
};

/** A typo in an interface name only shows when keepalived starts on the director: say it now. */
function interfaceKnown(
  cluster: { directors: { publicInterface: string; privateInterface?: string | undefined }[] },
  name: string,
  path: (string | number)[],
  what: string,
  whatZh: string,
): Diagnostic[] {
  if (cluster.directors.length === 0) return [];
  const known = new Set(cluster.directors.flatMap((d) => [d.publicInterface, d.privateInterface].filter((x): x is string => !!x)));
  if (known.has(name)) return [];
  return [
    diag(
      "warning",
      "interface-unknown",
      `${what} uses interface ${name}, which is neither a public nor a private interface of any director (${[...known].join(", ")}).`,
      `${whatZh}使用的网卡 ${name} 不是任何导向器的公网或内网网卡（${[...known].join("，")}）。`,
      { path },
    ),
  ];
}
