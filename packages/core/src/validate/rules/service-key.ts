import { diag, type Diagnostic } from "../../diagnostics.ts";
import { family as familyOf } from "../memo.ts";
import { vsPath, type ServiceRule } from "../types.ts";

/** A fwmark service is matched by the mark alone: the kernel takes no VIP or port with it. */
export const fwmarkShape: ServiceRule = (vs, i) => {
  if (vs.protocol !== "fwmark") return [];
  const out: Diagnostic[] = [];
  if (vs.fwmark === undefined)
    out.push(
      diag(
        "error",
        "fwmark-missing",
        "A firewall-mark service needs a fwmark (the number your iptables/nft rule sets).",
        "防火墙标记（fwmark）虚拟服务必须填写 fwmark 值，即 iptables/nft 规则打上的标记。",
        { path: vsPath(i, "fwmark") },
      ),
    );
  if (vs.address !== undefined)
    out.push(
      diag(
        "error",
        "fwmark-has-address",
        "A firewall-mark service has no VIP: the mark selects the traffic. Remove the address, or switch the protocol to tcp/udp/sctp.",
        "fwmark 虚拟服务没有 VIP，流量由标记选中。请删除地址，或把协议改为 tcp/udp/sctp。",
        { path: vsPath(i, "address") },
      ),
    );
  if (vs.port !== undefined && vs.port !== 0)
    out.push(
      diag(
        "error",
        "fwmark-has-port",
        "A firewall-mark service has no port: the mark selects the traffic. Remove the port.",
        "fwmark 虚拟服务没有端口，流量由标记选中。请删除端口。",
        { path: vsPath(i, "port") },
      ),
    );
  return out;
};

/** tcp/udp/sctp services are keyed by VIP and port; a stray fwmark would be silently ignored. */
export const addressShape: ServiceRule = (vs, i) => {
  if (vs.protocol === "fwmark") return [];
  const out: Diagnostic[] = [];
  if (vs.address === undefined)
    out.push(
      diag("error", "service-address-missing", `A ${vs.protocol} service needs a VIP (virtual IP address).`, `${vs.protocol} 虚拟服务必须填写 VIP（虚拟 IP 地址）。`, {
        path: vsPath(i, "address"),
      }),
    );
  if (vs.port === undefined)
    out.push(diag("error", "service-port-missing", `A ${vs.protocol} service needs a port.`, `${vs.protocol} 虚拟服务必须填写端口。`, { path: vsPath(i, "port") }));
  // ipvsadm refuses port 0 unless persistent: only a persistent service may match "all ports".
  else if (vs.port === 0 && vs.persistence === undefined)
    out.push(
      diag(
        "error",
        "service-port-zero",
        "Port 0 (all ports) is only allowed on a persistent service. Set a port, or turn on persistence.",
        "端口 0（匹配所有端口）只能用于持久连接服务。请填写端口，或开启持久连接。",
        { path: vsPath(i, "port") },
      ),
    );
  if (vs.fwmark !== undefined)
    out.push(
      diag(
        "error",
        "service-has-fwmark",
        `A ${vs.protocol} service is matched by VIP and port, not by a firewall mark. Remove the fwmark, or switch the protocol to fwmark.`,
        `${vs.protocol} 虚拟服务按 VIP 和端口匹配，不使用防火墙标记。请删除 fwmark，或把协议改为 fwmark。`,
        { path: vsPath(i, "fwmark") },
      ),
    );
  return out;
};

export const vipFamily: ServiceRule = (vs, i) => {
  if (vs.address === undefined) return [];
  const fam = familyOf(vs.address);
  if (fam === "inet" && vs.vipPrefix !== undefined && vs.vipPrefix > 32) {
    return [
      diag("error", "vip-prefix", `The VIP prefix /${vs.vipPrefix} is longer than an IPv4 address (at most /32).`, `VIP 前缀 /${vs.vipPrefix} 超过 IPv4 地址长度（最多 /32）。`, {
        path: vsPath(i, "vipPrefix"),
      }),
    ];
  }
  if (fam === undefined || fam === vs.family) return [];
  const want = vs.family === "inet6" ? "IPv6" : "IPv4";
  return [
    diag(
      "error",
      "vip-family",
      `The VIP ${vs.address} is not an ${want} address, but the service's family is ${want}.`,
      `VIP ${vs.address} 不是 ${want} 地址，而虚拟服务的地址族是 ${want}。`,
      { path: vsPath(i, "address") },
    ),
  ];
};
