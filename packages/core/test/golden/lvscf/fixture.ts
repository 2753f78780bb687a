/**
 * Golden Piranha clusters, one per `network` (nat, direct, tunnel): every scheduler Piranha
 * knows, persistence with pmask, fwmark, UDP, each nanny check (TCP connect, send/expect,
 * regex expect, send_program with %h), quiesce_server both ways, a sorry server, an inactive
 * virtual and server, the sync daemon, IPVS timeouts and both directors.
 */
import { Cluster, type ClusterInput, type HealthCheckInput, type VirtualServiceInput } from "../../../src/index.ts";
import { PIRANHA_SCHEDULERS } from "../../../src/lvscf/cannot-hold.ts";

const checks: HealthCheckInput[] = [
  { type: "tcp", interval: 15, timeout: 6 },
  { type: "send-expect", send: "GET / HTTP/1.0\\r\\n\\r\\n", expect: "HTTP", interval: 15, timeout: 6, onFailure: "remove" },
  { type: "send-expect", send: "", expect: "^220 .*FTP", useRegex: true, interval: 20, timeout: 10 },
  { type: "external", command: "/usr/local/bin/check-db %h", interval: 30, timeout: 10 },
];

export function goldenLvsCfInput(forwarding: "masq" | "route" | "tunnel"): ClusterInput {
  const natPort = (p: number) => (forwarding === "masq" ? p + 1000 : p);
  const services: VirtualServiceInput[] = PIRANHA_SCHEDULERS.map((scheduler, i) => ({
    name: `svc_${scheduler}`,
    address: "192.168.26.10",
    port: 8000 + i,
    vipInterface: "eth0",
    vipLabel: "eth0:1",
    scheduler,
    healthCheck: checks[i % checks.length]!,
    realServers: [
      { name: "web1", address: "10.11.12.1", port: natPort(8000 + i), forwarding, weight: 1 + i },
      { name: "web2", address: "10.11.12.2", port: natPort(8000 + i), forwarding, weight: 2, enabled: i % 3 !== 0 },
    ],
  }));
  return {
    name: `golden-${forwarding}`,
    timeouts: { tcp: 900, tcpFin: 120, udp: 300 },
    syncDaemon: { enabled: true, interface: "eth1", syncId: 3 },
    directors: [
      { name: "lvs1", managementAddress: "192.168.26.2", role: "primary" },
      { name: "lvs2", managementAddress: "192.168.26.3", role: "backup" },
    ],
    virtualServices: [
      {
        name: "http",
        address: "192.168.26.11",
        port: 80,
        vipInterface: "eth0",
        scheduler: "wlc",
        persistence: 300,
        persistenceNetmask: 24,
        sorryServer: { address: "10.11.12.99", port: 80 },
        healthCheck: checks[1]!,
        realServers: [
          { name: "node1", address: "10.11.12.1", port: natPort(80), forwarding, weight: 3 },
          { name: "node2", address: "10.11.12.2", port: natPort(80), forwarding, weight: 1 },
        ],
      },
      { name: "dns", protocol: "udp", address: "192.168.26.12", port: 53, vipInterface: "eth0", vipLabel: "eth0:2", scheduler: "rr", enabled: false, healthCheck: checks[3]!, realServers: [{ name: "ns1", address: "10.11.12.5", port: 53, forwarding }] },
      { name: "ftp", protocol: "fwmark", fwmark: 21, scheduler: "rr", persistence: 600, healthCheck: checks[2]!, realServers: [{ name: "ftp1", address: "10.11.12.6", port: 0, forwarding }] },
      ...services,
    ],
  };
}

export const goldenLvsCf = {
  nat: Cluster.parse(goldenLvsCfInput("masq")),
  direct: Cluster.parse(goldenLvsCfInput("route")),
  tunnel: Cluster.parse(goldenLvsCfInput("tunnel")),
};
