import { Cluster } from "../../src/index.ts";

/** One cluster with a real server in each forwarding method, for goldens and live runs. */
export const cluster = Cluster.parse({
  name: "web",
  directors: [
    { name: "lvs1", managementAddress: "192.0.2.10", privateAddress: "10.0.2.1/24" },
    { name: "lvs2", managementAddress: "192.0.2.11", privateAddress: "10.0.2.2/24", role: "backup" },
  ],
  virtualServices: [
    {
      address: "192.0.2.100",
      port: 80,
      realServers: [
        { address: "192.0.2.21", port: 80, forwarding: "route" },
        { address: "198.51.100.31", port: 80, forwarding: "tunnel" },
      ],
    },
    { address: "192.0.2.100", port: 443, realServers: [{ address: "192.0.2.21", port: 443, forwarding: "route" }] },
    {
      protocol: "udp",
      address: "192.0.2.101",
      port: 53,
      realServers: [
        { address: "192.0.2.21", port: 53, forwarding: "route" },
        { address: "198.51.100.31", port: 53, forwarding: "tunnel" },
      ],
    },
    {
      address: "192.0.2.102",
      port: 443,
      realServers: [
        { address: "10.0.2.41", port: 8443, forwarding: "masq" },
        { address: "10.0.2.42", port: 8443, forwarding: "masq" },
      ],
    },
    { family: "inet6", address: "2001:db8::100", port: 80, realServers: [{ address: "2001:db8:1::21", port: 80, forwarding: "route" }] },
    { family: "inet6", address: "2001:db8::101", port: 443, realServers: [{ address: "2001:db8:1::21", port: 443, forwarding: "route" }] },
  ],
});

export const GOLDEN = {
  dr: "192.0.2.21",
  "tun-ipip": "198.51.100.31",
  nat: "10.0.2.41",
  "dr-ipv6": "2001:db8:1::21",
} as const;
