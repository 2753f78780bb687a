import { diag, type Diagnostic } from "../../diagnostics.ts";
import { inSubnet } from "../../model/address.ts";
import { rsPath, type ServiceRule } from "../types.ts";

/**
 * NAT replies must come back through the director to be un-NATed, so a masq real server's
 * default gateway has to be a director's DIP: it has to share a subnet with one.
 */
export const natGateway: ServiceRule = (vs, i, cluster) => {
  const dips = cluster.directors.map((d) => d.privateAddress).filter((a): a is string => a !== undefined);
  const out: Diagnostic[] = [];
  vs.realServers.forEach((rs, r) => {
    if (rs.forwarding !== "masq") return;
    if (dips.some((dip) => inSubnet(rs.address, dip))) return;
    const path = rsPath(i, r, "address");
    if (dips.length === 0)
      out.push(
        diag(
          "warning",
          "nat-no-dip",
          `${rs.address} uses NAT, but no director has a private address (DIP) set. The real server's default gateway must be the DIP, or replies bypass the director and clients see resets.`,
          `${rs.address} 使用 NAT 方式，但没有导向器设置内网地址（DIP）。真实服务器的默认网关必须是 DIP，否则回包绕过导向器，客户端会收到连接重置。`,
          { path },
        ),
      );
    else
      out.push(
        diag(
          "warning",
          "nat-gateway",
          `${rs.address} uses NAT but is in no director's private subnet (${dips.join(", ")}). The real server's default gateway must be the DIP, or replies bypass the director.`,
          `${rs.address} 使用 NAT 方式，但不在任何导向器的内网网段（${dips.join("，")}）内。真实服务器的默认网关必须是 DIP，否则回包会绕过导向器。`,
          { path },
        ),
      );
  });
  return out;
};
