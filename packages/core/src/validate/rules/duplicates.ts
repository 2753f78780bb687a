import { diag, type Diagnostic } from "../../diagnostics.ts";
import { formatHostPort } from "../../model/address.ts";
import { canon, clusterFacts, serviceIdentity } from "../memo.ts";
import { describeService, rsPath, vsPath, type ServiceRule } from "../types.ts";

/** The kernel holds one service per key; a second one would fail to load on the director. */
export const duplicateService: ServiceRule = (vs, i, cluster) => {
  if (vs.protocol === "fwmark" ? vs.fwmark === undefined : vs.address === undefined || vs.port === undefined) return [];
  const key = serviceIdentity(vs);
  // The first other service with the same key, from an index (a findIndex per service made a
  // 20,000-service import's validation quadratic: 2.8 s of its 3.4 s).
  const at = clusterFacts(cluster).firstTwo.get(key) ?? [];
  const other = at[0] !== i ? (at[0] ?? -1) : (at[1] ?? -1);
  if (other < 0) return [];
  const field = vs.protocol === "fwmark" ? "fwmark" : "address";
  return [
    diag(
      "error",
      "duplicate-service",
      `${describeService(vs)} is defined twice (also virtual service #${other + 1}). The kernel holds one service per protocol, VIP and port (or fwmark and family).`,
      `${describeService(vs)} 重复定义（第 ${other + 1} 个虚拟服务也是它）。内核中每个协议 + VIP + 端口（或 fwmark + 地址族）只能有一个虚拟服务。`,
      { path: vsPath(i, field) },
    ),
  ];
};

export const duplicateRealServer: ServiceRule = (vs, i) => {
  const out: Diagnostic[] = [];
  const seen = new Map<string, number>();
  vs.realServers.forEach((rs, r) => {
    const key = formatHostPort(canon(rs.address), rs.port);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, r);
    else
      out.push(
        diag(
          "error",
          "duplicate-real-server",
          `Real server ${key} appears twice in ${describeService(vs)} (also #${first + 1}).`,
          `真实服务器 ${key} 在 ${describeService(vs)} 中重复出现（与第 ${first + 1} 个相同）。`,
          { path: rsPath(i, r, "address") },
        ),
      );
  });
  return out;
};

/**
 * A VIP lives on the director; a real server with that address would be the director itself,
 * and traffic forwarded to it loops back into IPVS.
 */
export const vipIsRealServer: ServiceRule = (vs, i, cluster) => {
  const { vips } = clusterFacts(cluster);
  const out: Diagnostic[] = [];
  vs.realServers.forEach((rs, r) => {
    if (vips.has(canon(rs.address)))
      out.push(
        diag(
          "error",
          "vip-is-real-server",
          `${rs.address} is a VIP of this cluster and cannot also be a real server: the director would forward traffic to itself.`,
          `${rs.address} 是本集群的 VIP，不能同时作为真实服务器，否则导向器会把流量转发给自己。`,
          { path: rsPath(i, r, "address") },
        ),
      );
  });
  return out;
};
