/**
 * The topology test/golden/ipvsadm/golden-setup.sh builds with ipvsadm commands, written as a
 * Cluster by hand (not parsed from the capture), so the renderer is checked against the real
 * `ipvsadm -S -n` output without trusting our own parser.
 */
import { Cluster, type ClusterInput, type RealServerInput, type VirtualServiceInput } from "../../src/index.ts";

const SCHEDULERS_61 = ["rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh"] as const;

const rs = (address: string, port: number, forwarding: "masq" | "route" | "tunnel", weight: number, extra: Partial<RealServerInput> = {}): RealServerInput => ({
  address,
  port,
  forwarding,
  weight,
  ...extra,
});

const services: VirtualServiceInput[] = [
  ...SCHEDULERS_61.map((scheduler, i): VirtualServiceInput => ({
    protocol: "tcp",
    address: "10.9.0.100",
    port: 8001 + i,
    scheduler,
    realServers: [rs(`10.9.0.${11 + i}`, 8001 + i, "route", i + 1)],
  })),
  {
    protocol: "tcp",
    address: "10.9.0.100",
    port: 80,
    scheduler: "wlc",
    persistence: 300,
    persistenceNetmask: 24,
    realServers: [
      rs("10.9.0.11", 8080, "masq", 10, { upperThreshold: 1000, lowerThreshold: 800 }),
      rs("10.9.0.12", 80, "route", 0),
      rs("10.9.0.13", 80, "tunnel", 5),
      rs("10.9.0.14", 80, "tunnel", 5, { tunnel: { type: "gue", port: 6080 } }),
      rs("10.9.0.15", 80, "tunnel", 5, { tunnel: { type: "gue", port: 6081, csum: "csum" } }),
      rs("10.9.0.16", 80, "tunnel", 5, { tunnel: { type: "gue", port: 6082, csum: "remcsum" } }),
      rs("10.9.0.17", 80, "tunnel", 5, { tunnel: { type: "gre" } }),
      rs("10.9.0.18", 80, "tunnel", 5, { tunnel: { type: "gre", csum: "csum" } }),
      rs("192.168.50.20", 80, "route", 65535),
    ],
  },
  {
    protocol: "tcp",
    address: "192.168.50.100",
    port: 443,
    scheduler: "sh",
    schedFlags: ["sh-port", "sh-fallback"],
    realServers: [rs("192.168.50.21", 443, "route", 1), rs("10.9.0.21", 443, "route", 1)],
  },
  { protocol: "tcp", address: "10.9.0.100", port: 0, scheduler: "lc", persistence: 3600, realServers: [rs("10.9.0.22", 0, "route", 1)] },
  { protocol: "udp", address: "10.9.0.100", port: 53, scheduler: "rr", onePacket: true, realServers: [rs("10.9.0.23", 5353, "masq", 2)] },
  {
    protocol: "udp",
    address: "10.9.0.100",
    port: 5060,
    scheduler: "sh",
    schedFlags: ["sh-port"],
    persistence: 30,
    persistenceEngine: "sip",
    onePacket: true,
    realServers: [rs("10.9.0.24", 5060, "masq", 1)],
  },
  { protocol: "sctp", address: "10.9.0.100", port: 3868, scheduler: "wrr", realServers: [rs("10.9.0.25", 3868, "masq", 4)] },
  {
    protocol: "tcp",
    family: "inet6",
    address: "2001:db8::100",
    port: 443,
    scheduler: "mh",
    schedFlags: ["mh-fallback", "mh-port"],
    persistence: 600,
    persistenceNetmask: 64,
    realServers: [
      rs("2001:db8::21", 8443, "masq", 7, { upperThreshold: 50, lowerThreshold: 40 }),
      rs("2001:db8::22", 443, "route", 3),
      rs("2001:db8::23", 443, "tunnel", 1, { tunnel: { type: "gue", port: 5555 } }),
    ],
  },
  { protocol: "udp", family: "inet6", address: "2001:db8::100", port: 53, scheduler: "wrr", realServers: [rs("2001:db8::24", 53, "route", 1)] },
  { protocol: "fwmark", fwmark: 1, scheduler: "wlc", persistence: 120, realServers: [rs("10.9.0.26", 0, "route", 3), rs("10.9.0.27", 80, "masq", 3)] },
  { protocol: "fwmark", family: "inet6", fwmark: 2, scheduler: "rr", realServers: [rs("2001:db8::25", 0, "route", 1)] },
  { protocol: "fwmark", fwmark: 4_000_000_000, scheduler: "nq" },
];

export const goldenClusterInput: ClusterInput = { name: "golden", timeouts: { tcp: 900, tcpFin: 120, udp: 300 }, virtualServices: services };
export const goldenCluster = Cluster.parse(goldenClusterInput);
