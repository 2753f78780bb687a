import { diag, type Diagnostic } from "../../diagnostics.ts";
import type { HealthCheck } from "../../model/health-check.ts";
import { rsPath, vsPath, type Path, type ServiceRule } from "../types.ts";

function timing(check: HealthCheck, path: Path): Diagnostic[] {
  if (check.type === "none") return [];
  if (check.timeout <= check.interval) return [];
  return [
    diag(
      "warning",
      "check-timeout-interval",
      `The check timeout (${check.timeout}s) is longer than its interval (${check.interval}s): checks will overlap.`,
      `健康检查超时（${check.timeout} 秒）长于检查间隔（${check.interval} 秒），检查会相互重叠。`,
      { path: [...path, "timeout"] },
    ),
  ];
}

/** A checker connects to a port; port 0 (fwmark DR/TUN) gives it nothing to connect to. */
function portFor(check: HealthCheck, rsPort: number, path: Path, address: string): Diagnostic[] {
  if (check.type === "none" || check.type === "external" || check.port !== undefined || rsPort !== 0) return [];
  return [
    diag(
      "warning",
      "check-port-missing",
      `${address} has port 0 (firewall-mark service), so the ${check.type} check has no port to connect to. Set the check's port.`,
      `${address} 的端口为 0（fwmark 虚拟服务），${check.type} 健康检查没有可连接的端口，请为健康检查指定端口。`,
      { path: [...path, "port"] },
    ),
  ];
}

export const healthCheck: ServiceRule = (vs, i) => {
  const out: Diagnostic[] = [...timing(vs.healthCheck, vsPath(i, "healthCheck"))];
  vs.realServers.forEach((rs, r) => {
    const own = rs.healthCheck;
    if (own) out.push(...timing(own, rsPath(i, r, "healthCheck")));
    const check = own ?? vs.healthCheck;
    const path = own ? rsPath(i, r, "healthCheck") : vsPath(i, "healthCheck");
    out.push(...portFor(check, rs.port, path, rs.address));
  });
  return out;
};
