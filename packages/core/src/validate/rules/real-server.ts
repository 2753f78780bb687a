import { diag, type Diagnostic } from "../../diagnostics.ts";
import { family as familyOf } from "../memo.ts";
import { rsPath, type ServiceRule } from "../types.ts";

const METHOD = { route: { en: "direct routing (DR)", zh: "直接路由（DR）" }, tunnel: { en: "tunnelling (TUN)", zh: "隧道（TUN）" } } as const;

/**
 * DR and TUN forward the packet unchanged, so the real server sees the service port: no port
 * mapping. (ipvsadm quietly rewrites the port to the service's; we say so instead.)
 */
export const noPortMapping: ServiceRule = (vs, i) => {
  const out: Diagnostic[] = [];
  vs.realServers.forEach((rs, r) => {
    if (rs.forwarding === "masq") return;
    const m = METHOD[rs.forwarding];
    if (vs.protocol === "fwmark") {
      if (rs.port !== 0)
        out.push(
          diag(
            "warning",
            "fwmark-route-port-ignored",
            `With ${m.en} the packet keeps its destination port, so port ${rs.port} is ignored on a firewall-mark service. Use 0.`,
            `${m.zh}不改写目的端口，fwmark 虚拟服务上真实服务器的端口 ${rs.port} 不起作用，请填 0。`,
            { path: rsPath(i, r, "port") },
          ),
        );
      return;
    }
    if (vs.port !== undefined && rs.port !== vs.port)
      out.push(
        diag(
          "error",
          "route-port-mapping",
          `${rs.address}: ${m.en} cannot change the port. The real server port must equal the service port ${vs.port} (got ${rs.port}); use NAT (masq) to map ports.`,
          `${rs.address}：${m.zh}无法做端口映射，真实服务器端口必须与虚拟服务端口 ${vs.port} 相同（当前为 ${rs.port}）；需要端口映射请用 NAT（masq）。`,
          { path: rsPath(i, r, "port") },
        ),
      );
  });
  return out;
};

/**
 * The kernel accepts a real server of the other family only for tunnelling ("heterogeneous
 * pools", since 3.18), and refuses even that while the connection sync daemon runs.
 */
export const realServerFamily: ServiceRule = (vs, i, cluster) => {
  const out: Diagnostic[] = [];
  const syncOn = cluster.syncDaemon?.enabled === true;
  vs.realServers.forEach((rs, r) => {
    const fam = familyOf(rs.address);
    if (fam === undefined || fam === vs.family) return;
    const want = vs.family === "inet6" ? "IPv6" : "IPv4";
    if (rs.forwarding !== "tunnel")
      out.push(
        diag(
          "error",
          "real-server-family",
          `${rs.address} is not ${want} like the service. Only tunnelling (TUN) may mix IPv4 and IPv6.`,
          `${rs.address} 与虚拟服务的地址族（${want}）不一致。只有隧道（TUN）方式允许 IPv4/IPv6 混用。`,
          { path: rsPath(i, r, "address") },
        ),
      );
    else if (syncOn)
      out.push(
        diag(
          "error",
          "mixed-family-sync",
          `${rs.address}: the kernel refuses a real server of the other address family while the connection sync daemon is running. Use a ${want} address or disable the sync daemon.`,
          `${rs.address}：连接同步守护进程运行时，内核不接受与虚拟服务地址族不同的真实服务器。请改用 ${want} 地址，或关闭同步守护进程。`,
          { path: rsPath(i, r, "address") },
        ),
      );
  });
  return out;
};

export const thresholds: ServiceRule = (vs, i) => {
  const out: Diagnostic[] = [];
  vs.realServers.forEach((rs, r) => {
    if (rs.upperThreshold > 0 && rs.lowerThreshold > rs.upperThreshold)
      out.push(
        diag(
          "error",
          "threshold-order",
          `${rs.address}: the lower connection threshold (${rs.lowerThreshold}) is above the upper one (${rs.upperThreshold}); the server would never be resumed.`,
          `${rs.address}：连接数下限（${rs.lowerThreshold}）高于上限（${rs.upperThreshold}），服务器过载后将永远不会恢复调度。`,
          { path: rsPath(i, r, "lowerThreshold") },
        ),
      );
    else if (rs.upperThreshold === 0 && rs.lowerThreshold > 0)
      out.push(
        diag(
          "warning",
          "threshold-lower-alone",
          `${rs.address}: a lower connection threshold does nothing without an upper one.`,
          `${rs.address}：未设置连接数上限时，连接数下限不起作用。`,
          { path: rsPath(i, r, "lowerThreshold") },
        ),
      );
  });
  return out;
};

export const tunnelSettings: ServiceRule = (vs, i) => {
  const out: Diagnostic[] = [];
  vs.realServers.forEach((rs, r) => {
    if (!rs.tunnel) return;
    if (rs.forwarding !== "tunnel") {
      out.push(
        diag(
          "error",
          "tunnel-settings-not-tunnel",
          `${rs.address}: tunnel settings only apply to tunnelling (TUN) real servers; this one uses ${rs.forwarding}.`,
          `${rs.address}：隧道参数只适用于隧道（TUN）方式的真实服务器，该服务器的转发方式是 ${rs.forwarding}。`,
          { path: rsPath(i, r, "tunnel") },
        ),
      );
      return;
    }
    if (rs.tunnel.type === "gue" && rs.tunnel.port === undefined)
      out.push(
        diag(
          "error",
          "gue-port-missing",
          `${rs.address}: GUE encapsulation needs the UDP port the real server listens on for GUE.`,
          `${rs.address}：GUE 封装必须填写真实服务器接收 GUE 的 UDP 端口。`,
          { path: rsPath(i, r, "tunnel", "port") },
        ),
      );
    if (rs.tunnel.type !== "gue" && rs.tunnel.port !== undefined)
      out.push(
        diag(
          "warning",
          "tunnel-port-unused",
          `${rs.address}: a tunnel port is only used by GUE; ${rs.tunnel.type} ignores it.`,
          `${rs.address}：隧道端口只用于 GUE，${rs.tunnel.type} 会忽略它。`,
          { path: rsPath(i, r, "tunnel", "port") },
        ),
      );
    if (rs.tunnel.type === "ipip" && rs.tunnel.csum !== "nocsum")
      out.push(
        diag("warning", "tunnel-csum-unused", `${rs.address}: checksum options only apply to GUE and GRE tunnels.`, `${rs.address}：校验和选项只适用于 GUE 和 GRE 隧道。`, {
          path: rsPath(i, r, "tunnel", "csum"),
        }),
      );
  });
  return out;
};
