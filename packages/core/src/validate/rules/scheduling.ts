import { diag, type Diagnostic } from "../../diagnostics.ts";
import { vsPath, type ServiceRule } from "../types.ts";

/** The kernel gives IP_VS_SVC_F_SCHED1..3 meaning only in sh and mh; elsewhere they are noise. */
export const schedFlags: ServiceRule = (vs, i) => {
  const out: Diagnostic[] = [];
  vs.schedFlags.forEach((flag, f) => {
    const owner = flag.split("-")[0];
    if (owner !== vs.scheduler)
      out.push(
        diag(
          "error",
          "sched-flag-scheduler",
          `The scheduler flag ${flag} belongs to the ${owner} scheduler, but this service uses ${vs.scheduler}.`,
          `调度标志 ${flag} 只属于 ${owner} 调度算法，而该虚拟服务使用的是 ${vs.scheduler}。`,
          { path: vsPath(i, "schedFlags", f) },
        ),
      );
  });
  return out;
};

export const persistenceNetmask: ServiceRule = (vs, i) => {
  if (vs.persistenceNetmask === undefined) return [];
  const path = vsPath(i, "persistenceNetmask");
  const out: Diagnostic[] = [];
  if (vs.persistence === undefined)
    out.push(
      diag(
        "error",
        "netmask-without-persistence",
        "A persistence netmask only means something on a persistent service: set a persistence timeout or remove the netmask.",
        "持久连接掩码只对持久连接服务有效：请设置持久连接超时，或删除掩码。",
        { path },
      ),
    );
  if (vs.family === "inet" && vs.persistenceNetmask > 32)
    out.push(
      diag(
        "error",
        "netmask-range",
        `An IPv4 persistence netmask is a prefix length from 0 to 32 (got /${vs.persistenceNetmask}).`,
        `IPv4 持久连接掩码是 0 到 32 的前缀长度（当前为 /${vs.persistenceNetmask}）。`,
        { path },
      ),
    );
  // The kernel rejects an IPv6 prefix of 0 (ip_vs_ctl.c: netmask < 1 || > 128 -> EINVAL).
  if (vs.family === "inet6" && (vs.persistenceNetmask < 1 || vs.persistenceNetmask > 128))
    out.push(
      diag(
        "error",
        "netmask-range",
        `An IPv6 persistence netmask is a prefix length from 1 to 128 (got /${vs.persistenceNetmask}).`,
        `IPv6 持久连接掩码是 1 到 128 的前缀长度（当前为 /${vs.persistenceNetmask}）。`,
        { path },
      ),
    );
  return out;
};

/** One-packet scheduling only exists for datagrams; ipvsadm refuses it elsewhere. */
export const onePacket: ServiceRule = (vs, i) => {
  if (!vs.onePacket || vs.protocol === "udp" || vs.protocol === "fwmark") return [];
  return [
    diag(
      "error",
      "one-packet-protocol",
      `One-packet scheduling is for UDP (or firewall-mark) services; a ${vs.protocol} service cannot use it.`,
      `单包调度（one-packet）只适用于 UDP（或 fwmark）虚拟服务，${vs.protocol} 虚拟服务不能使用。`,
      { path: vsPath(i, "onePacket") },
    ),
  ];
};

/** The SIP persistence engine keys persistence on the Call-ID, so it needs persistence and UDP. */
export const persistenceEngine: ServiceRule = (vs, i) => {
  if (vs.persistenceEngine === undefined) return [];
  const path = vsPath(i, "persistenceEngine");
  const out: Diagnostic[] = [];
  if (vs.persistence === undefined)
    out.push(
      diag(
        "error",
        "pe-without-persistence",
        "The SIP persistence engine needs a persistent service: set a persistence timeout.",
        "SIP 持久化引擎需要持久连接服务：请设置持久连接超时。",
        { path },
      ),
    );
  if (vs.protocol !== "udp" && vs.protocol !== "fwmark")
    out.push(
      diag(
        "error",
        "pe-protocol",
        `The SIP persistence engine only understands SIP over UDP; this is a ${vs.protocol} service.`,
        `SIP 持久化引擎只支持基于 UDP 的 SIP，该虚拟服务是 ${vs.protocol}。`,
        { path },
      ),
    );
  return out;
};
