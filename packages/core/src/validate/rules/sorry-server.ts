import { diag, type Diagnostic } from "../../diagnostics.ts";
import { canon as canonicalAddress, family as familyOf } from "../memo.ts";
import { vsPath, type ServiceRule } from "../types.ts";

export const sorryServer: ServiceRule = (vs, i) => {
  const out: Diagnostic[] = [];
  const s = vs.sorryServer;
  if (s) {
    const key = canonicalAddress(s.address);
    if (vs.realServers.some((rs) => canonicalAddress(rs.address) === key && rs.port === s.port))
      out.push(
        diag(
          "error",
          "sorry-is-real-server",
          `The sorry server ${s.address}:${s.port} is also a real server of this service; it must be a separate host (or port) that only answers when the real servers are down.`,
          `后备服务器（sorry server）${s.address}:${s.port} 同时也是该虚拟服务的真实服务器；它应是单独的主机（或端口），只在真实服务器全部不可用时接管。`,
          { path: vsPath(i, "sorryServer", "address") },
        ),
      );
    if (familyOf(s.address) !== vs.family)
      out.push(
        diag("error", "sorry-family", `The sorry server ${s.address} is not in the service's address family.`, `后备服务器 ${s.address} 与虚拟服务的地址族不一致。`, {
          path: vsPath(i, "sorryServer", "address"),
        }),
      );
    // The sorry server is forwarded like the first real server; only NAT rewrites the port, and
    // NAT to port 0 goes nowhere. DR and TUN keep the service port, so 0 is fine there.
    const nat = (vs.realServers[0]?.forwarding ?? "masq") === "masq";
    if (vs.protocol !== "fwmark" && s.port === 0 && nat)
      out.push(
        diag("error", "sorry-port", "The sorry server is reached by NAT here, so it needs a port to translate to.", "该后备服务器通过 NAT 转发，必须填写要转换到的端口。", {
          path: vsPath(i, "sorryServer", "port"),
        }),
      );
  }
  // Quorum only decides when the sorry server steps in; without one it has no effect here.
  if (!s && vs.quorum !== undefined && vs.quorum > 0)
    out.push(
      diag(
        "warning",
        "quorum-without-sorry",
        "A quorum only decides when the sorry server takes over; this service has no sorry server, so it has no effect.",
        "法定权重（quorum）只决定后备服务器何时接管；该虚拟服务没有后备服务器，设置不起作用。",
        { path: vsPath(i, "quorum") },
      ),
    );
  if (vs.hysteresis !== undefined && vs.hysteresis > 0) {
    if (vs.quorum === undefined)
      out.push(
        diag(
          "warning",
          "hysteresis-without-quorum",
          "Hysteresis only applies around a quorum: set a quorum or remove it.",
          "迟滞值（hysteresis）只围绕法定权重起作用：请设置 quorum，或删除迟滞值。",
          { path: vsPath(i, "hysteresis") },
        ),
      );
    else if (vs.hysteresis >= vs.quorum)
      out.push(
        diag(
          "warning",
          "hysteresis-too-large",
          `Hysteresis (${vs.hysteresis}) is not smaller than the quorum (${vs.quorum}): the live weight can never fall below quorum minus hysteresis, so the sorry server never takes over.`,
          `迟滞值（${vs.hysteresis}）不小于法定权重（${vs.quorum}）：存活权重永远不会低于“法定权重 − 迟滞值”，后备服务器永远不会接管。`,
          { path: vsPath(i, "hysteresis") },
        ),
      );
  }
  if (s && vs.quorum !== undefined) {
    const total = vs.realServers.filter((rs) => rs.enabled).reduce((sum, rs) => sum + rs.weight, 0);
    if (vs.quorum > total)
      out.push(
        diag(
          "warning",
          "quorum-unreachable",
          `The quorum (${vs.quorum}) is above the total weight of the enabled real servers (${total}): the sorry server will always be in use.`,
          `法定权重（${vs.quorum}）高于已启用真实服务器的权重总和（${total}），后备服务器将一直处于接管状态。`,
          { path: vsPath(i, "quorum") },
        ),
      );
  }
  return out;
};
