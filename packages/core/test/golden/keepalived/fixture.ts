/**
 * The golden keepalived cluster: every scheduler, every forwarding method and tunnel type,
 * every checker Shoal renders, fwmark (v4 and v6), persistence, sorry server, quorum, VRRP and
 * the sync daemon. Addresses live in 10.9.0.0/24 and 2001:db8:9::/64 so the rendered file loads
 * unchanged into the IPVS lab (see README.md), where a dummy interface d0 carries those nets.
 */
import { Cluster, SCHEDULERS, type ClusterInput, type HealthCheckInput, type VirtualServiceInput } from "../../../src/index.ts";

const checks: HealthCheckInput[] = [
  { type: "tcp", interval: 5, timeout: 2, fall: 3 },
  { type: "http", path: "/healthz", expectStatus: [200, 201, 202, 204], bodyRegex: "^ok\\b", host: "www.example.com", interval: 10, timeout: 3, fall: 2 },
  { type: "https", path: "/status", expectStatus: [200], interval: 10, timeout: 5, fall: 1, onFailure: "remove" },
  { type: "external", command: "/usr/local/bin/check-app --host %h --port %p", interval: 15, timeout: 10, fall: 2 },
  { type: "none" },
];

const schedulerServices: VirtualServiceInput[] = SCHEDULERS.map((scheduler, i) => {
  const s: VirtualServiceInput = {
    name: `svc-${scheduler}`,
    protocol: "tcp",
    address: "10.9.0.100",
    port: 8000 + i,
    scheduler,
    healthCheck: checks[i % checks.length]!,
    realServers: [
      { address: "10.9.0.11", port: 8000 + i, forwarding: "route", weight: 1 + i },
      { address: "10.9.0.12", port: 8000 + i, forwarding: "route", weight: 2 },
    ],
  };
  if (scheduler === "sh") s.schedFlags = ["sh-port", "sh-fallback"];
  if (scheduler === "mh") s.schedFlags = ["mh-fallback"];
  return s;
});

export const goldenKeepalivedInput: ClusterInput = {
  name: "golden",
  timeouts: { tcp: 900, tcpFin: 120, udp: 300 },
  syncDaemon: { enabled: true, interface: "d0", syncId: 9, maxLen: 1400, mcastGroup: "224.0.0.81", mcastPort: 8848, mcastTtl: 1 },
  vrrp: { instance: "VI_GOLDEN", interface: "d0", virtualRouterId: 51, priorityPrimary: 150, priorityBackup: 100, advertInterval: 1, authType: "PASS", authPass: "s3cret" },
  directors: [
    { name: "lb1", managementAddress: "10.9.0.1", role: "primary" },
    { name: "lb2", managementAddress: "10.9.0.2", role: "backup" },
  ],
  virtualServices: [
    {
      name: "web-nat",
      address: "10.9.0.101",
      port: 80,
      vipInterface: "d0",
      vipLabel: "d0:web",
      scheduler: "wlc",
      persistence: 600,
      persistenceNetmask: 24,
      sorryServer: { address: "10.9.0.99", port: 8080 },
      quorum: 2,
      hysteresis: 1,
      healthCheck: checks[1]!,
      realServers: [
        { address: "10.9.0.21", port: 8080, forwarding: "masq", weight: 3, upperThreshold: 1000, lowerThreshold: 800, name: "web-1" },
        { address: "10.9.0.22", port: 8081, forwarding: "masq", weight: 1, healthCheck: checks[0]! },
      ],
    },
    {
      name: "tunnels",
      address: "10.9.0.102",
      port: 443,
      scheduler: "wrr",
      healthCheck: checks[0]!,
      realServers: [
        { address: "10.9.0.31", port: 443, forwarding: "tunnel" },
        { address: "10.9.0.32", port: 443, forwarding: "tunnel", tunnel: { type: "gue", port: 6080, csum: "csum" } },
        { address: "10.9.0.33", port: 443, forwarding: "tunnel", tunnel: { type: "gre", csum: "nocsum" } },
        { address: "10.9.0.34", port: 443, forwarding: "route" },
      ],
    },
    {
      name: "dns",
      protocol: "udp",
      address: "10.9.0.103",
      port: 53,
      scheduler: "rr",
      onePacket: true,
      healthCheck: { type: "external", command: "/usr/bin/dig +short @%h -p %p example.com", interval: 30, timeout: 5, fall: 1 },
      realServers: [{ address: "10.9.0.41", port: 53, forwarding: "route" }],
    },
    {
      name: "sctp-sig",
      protocol: "sctp",
      address: "10.9.0.104",
      port: 3868,
      scheduler: "lc",
      realServers: [{ address: "10.9.0.51", port: 3868, forwarding: "route" }],
    },
    {
      name: "mark4",
      protocol: "fwmark",
      fwmark: 7,
      scheduler: "sh",
      persistence: 300,
      realServers: [{ address: "10.9.0.61", port: 0, forwarding: "route" }],
    },
    {
      name: "mark6",
      protocol: "fwmark",
      family: "inet6",
      fwmark: 8,
      scheduler: "rr",
      persistence: 120,
      persistenceNetmask: 64,
      realServers: [{ address: "2001:db8:9::61", port: 0, forwarding: "route" }],
    },
    ...schedulerServices,
  ],
};

export const goldenKeepalivedCluster = Cluster.parse(goldenKeepalivedInput);
