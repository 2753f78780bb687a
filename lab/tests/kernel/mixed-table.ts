// The mixed table the kernel read tests start from: NAT/DR/TUN (ipip, gue, gre), fwmark on
// IPv4 and IPv6, IPv6, thresholds, persistence with a netmask, a service with no real server.
// Each test adds what it is about (a 300-real-server service, one-packet, sip) through `add`.
import type { KernelDest, Operation, ServiceSpec } from "../../../packages/core/src/index.ts";

export const svc = (protocol: ServiceSpec["protocol"], address: string | undefined, port: number | undefined, scheduler: string, more: Partial<ServiceSpec> = {}): ServiceSpec => ({
  protocol,
  family: address?.includes(":") ? "inet6" : "inet",
  ...(address !== undefined ? { address, port } : {}),
  scheduler,
  schedFlags: [],
  onePacket: false,
  ...more,
});
export const dest = (address: string, port: number, forwarding: KernelDest["forwarding"], weight: number, more: Partial<KernelDest> = {}): KernelDest => ({
  address,
  port,
  forwarding,
  weight,
  upperThreshold: 0,
  lowerThreshold: 0,
  ...more,
});

export function mixedTable(extra: ServiceSpec[] = []) {
  const nat = svc("tcp", "10.20.0.100", 80, "wrr");
  const dr = svc("udp", "10.20.0.100", 53, "rr");
  const tun = svc("tcp", "10.20.0.101", 443, "wlc", { persistence: 120, persistenceNetmask: 24 });
  const fwm = svc("fwmark", undefined, undefined, "sh", { fwmark: 7, schedFlags: ["sh-fallback", "sh-port"], persistence: 300 });
  const v6 = svc("tcp", "fd00:20::100", 443, "mh", { schedFlags: ["mh-port"] });
  const fw6 = svc("fwmark", undefined, undefined, "dh", { family: "inet6", fwmark: 8 });
  const empty = svc("sctp", "10.20.0.102", 3868, "lc");
  const services = [nat, dr, tun, fwm, v6, fw6, empty, ...extra];
  const ops: Operation[] = services.map((s): Operation => ({ kind: "add-service", service: s }));
  const add = (s: ServiceSpec, d: KernelDest) => ops.push({ kind: "add-dest", service: s, dest: d });
  add(nat, dest("10.20.0.11", 8080, "masq", 3, { upperThreshold: 100, lowerThreshold: 50 }));
  add(nat, dest("10.20.0.12", 8080, "masq", 0));
  add(dr, dest("10.20.0.11", 53, "route", 1, { upperThreshold: 7 }));
  add(tun, dest("10.20.0.21", 443, "tunnel", 1));
  add(tun, dest("10.20.0.22", 443, "tunnel", 2, { tunnelType: "gue", tunnelPort: 6080, tunnelCsum: "remcsum" }));
  add(tun, dest("10.20.0.23", 443, "tunnel", 2, { tunnelType: "gre", tunnelCsum: "csum" }));
  add(fwm, dest("10.20.0.31", 0, "route", 1));
  add(v6, dest("fd00:20::11", 8443, "masq", 1, { lowerThreshold: 2, upperThreshold: 9 }));
  add(v6, dest("fd00:20::12", 8443, "masq", 65535));
  add(fw6, dest("fd00:20::31", 0, "route", 1));
  return { services, ops, add };
}
