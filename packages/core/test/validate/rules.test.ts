import { describe, expect, it } from "vitest";
import { Cluster, validateCluster, validateVirtualService, type ClusterInput, type VirtualServiceInput } from "../../src/index.ts";

/** A clean DR web service plus a NAT one behind a director with a DIP: no diagnostics at all. */
function base(): ClusterInput {
  return {
    name: "web",
    directors: [
      { name: "lvs1", managementAddress: "192.0.2.10", privateAddress: "10.0.2.1/24", role: "primary", privateInterface: "eth1" },
      { name: "lvs2", managementAddress: "192.0.2.11", privateAddress: "10.0.2.2/24", role: "backup", privateInterface: "eth1" },
    ],
    virtualServices: [
      {
        protocol: "tcp",
        address: "192.0.2.100",
        port: 80,
        scheduler: "wlc",
        realServers: [
          { address: "192.0.2.21", port: 80, forwarding: "route" },
          { address: "192.0.2.22", port: 80, forwarding: "route" },
        ],
      },
      { protocol: "tcp", address: "192.0.2.101", port: 443, realServers: [{ address: "10.0.2.21", port: 8443, forwarding: "masq" }] },
    ],
  };
}

function svc(patch: Partial<VirtualServiceInput>, i = 0): ClusterInput {
  const c = base();
  c.virtualServices![i] = { ...c.virtualServices![i]!, ...patch };
  return c;
}

function codes(input: ClusterInput) {
  return validateCluster(Cluster.parse(input)).map((d) => ({ code: d.code, severity: d.severity, path: d.path }));
}

interface Case {
  code: string;
  severity?: "error" | "warning";
  path: (string | number)[];
  bad: () => ClusterInput;
  good: () => ClusterInput;
}

const cases: Case[] = [
  {
    code: "fwmark-missing",
    path: ["virtualServices", 0, "fwmark"],
    bad: () => svc({ protocol: "fwmark", address: undefined, port: undefined, realServers: [] }),
    good: () => svc({ protocol: "fwmark", fwmark: 7, address: undefined, port: undefined, realServers: [] }),
  },
  {
    code: "fwmark-has-address",
    path: ["virtualServices", 0, "address"],
    bad: () => svc({ protocol: "fwmark", fwmark: 7, port: undefined, realServers: [] }),
    good: () => svc({ protocol: "fwmark", fwmark: 7, address: undefined, port: undefined, realServers: [] }),
  },
  {
    code: "fwmark-has-port",
    path: ["virtualServices", 0, "port"],
    bad: () => svc({ protocol: "fwmark", fwmark: 7, address: undefined, port: 80, realServers: [] }),
    good: () => svc({ protocol: "fwmark", fwmark: 7, address: undefined, port: undefined, realServers: [] }),
  },
  { code: "service-address-missing", path: ["virtualServices", 0, "address"], bad: () => svc({ address: undefined, realServers: [] }), good: () => svc({ realServers: [] }) },
  { code: "service-port-missing", path: ["virtualServices", 0, "port"], bad: () => svc({ port: undefined, realServers: [] }), good: () => svc({ realServers: [] }) },
  {
    code: "service-port-zero",
    path: ["virtualServices", 0, "port"],
    bad: () => svc({ port: 0, realServers: [] }),
    good: () => svc({ port: 0, persistence: 300, realServers: [] }),
  },
  { code: "service-has-fwmark", path: ["virtualServices", 0, "fwmark"], bad: () => svc({ fwmark: 3 }), good: () => svc({}) },
  {
    code: "vip-family",
    path: ["virtualServices", 0, "address"],
    bad: () => svc({ family: "inet6", realServers: [] }),
    good: () => svc({ family: "inet6", address: "2001:db8::100", realServers: [] }),
  },
  {
    code: "route-port-mapping",
    path: ["virtualServices", 0, "realServers", 1, "port"],
    bad: () =>
      svc({
        realServers: [
          { address: "192.0.2.21", port: 80 },
          { address: "192.0.2.22", port: 8080, forwarding: "tunnel" },
        ],
      }),
    good: () =>
      svc({
        realServers: [
          { address: "192.0.2.21", port: 80 },
          { address: "10.0.2.22", port: 8080, forwarding: "masq" },
        ],
      }),
  },
  {
    code: "fwmark-route-port-ignored",
    severity: "warning",
    path: ["virtualServices", 0, "realServers", 0, "port"],
    bad: () => svc({ protocol: "fwmark", fwmark: 1, address: undefined, port: undefined, realServers: [{ address: "192.0.2.21", port: 80 }] }),
    good: () => svc({ protocol: "fwmark", fwmark: 1, address: undefined, port: undefined, realServers: [{ address: "192.0.2.21", port: 0 }] }),
  },
  {
    code: "real-server-family",
    path: ["virtualServices", 0, "realServers", 0, "address"],
    bad: () => svc({ realServers: [{ address: "2001:db8::21", port: 80 }] }),
    good: () => svc({ realServers: [{ address: "2001:db8::21", port: 80, forwarding: "tunnel" }] }),
  },
  {
    code: "mixed-family-sync",
    path: ["virtualServices", 0, "realServers", 0, "address"],
    bad: () => ({ ...svc({ realServers: [{ address: "2001:db8::21", port: 80, forwarding: "tunnel" }] }), syncDaemon: { enabled: true, interface: "eth1" } }),
    good: () => ({ ...svc({ realServers: [{ address: "192.0.2.21", port: 80, forwarding: "tunnel" }] }), syncDaemon: { enabled: true, interface: "eth1" } }),
  },
  {
    code: "threshold-order",
    path: ["virtualServices", 0, "realServers", 0, "lowerThreshold"],
    bad: () => svc({ realServers: [{ address: "192.0.2.21", port: 80, upperThreshold: 100, lowerThreshold: 101 }] }),
    good: () => svc({ realServers: [{ address: "192.0.2.21", port: 80, upperThreshold: 100, lowerThreshold: 100 }] }),
  },
  {
    code: "threshold-lower-alone",
    severity: "warning",
    path: ["virtualServices", 0, "realServers", 0, "lowerThreshold"],
    bad: () => svc({ realServers: [{ address: "192.0.2.21", port: 80, lowerThreshold: 5 }] }),
    good: () => svc({ realServers: [{ address: "192.0.2.21", port: 80, upperThreshold: 10, lowerThreshold: 5 }] }),
  },
  {
    code: "tunnel-settings-not-tunnel",
    path: ["virtualServices", 0, "realServers", 0, "tunnel"],
    bad: () => svc({ realServers: [{ address: "192.0.2.21", port: 80, tunnel: { type: "ipip" } }] }),
    good: () => svc({ realServers: [{ address: "192.0.2.21", port: 80, forwarding: "tunnel", tunnel: { type: "ipip" } }] }),
  },
  {
    code: "gue-port-missing",
    path: ["virtualServices", 0, "realServers", 0, "tunnel", "port"],
    bad: () => svc({ realServers: [{ address: "192.0.2.21", port: 80, forwarding: "tunnel", tunnel: { type: "gue" } }] }),
    good: () => svc({ realServers: [{ address: "192.0.2.21", port: 80, forwarding: "tunnel", tunnel: { type: "gue", port: 6080 } }] }),
  },
  {
    code: "tunnel-port-unused",
    severity: "warning",
    path: ["virtualServices", 0, "realServers", 0, "tunnel", "port"],
    bad: () => svc({ realServers: [{ address: "192.0.2.21", port: 80, forwarding: "tunnel", tunnel: { type: "gre", port: 6080 } }] }),
    good: () => svc({ realServers: [{ address: "192.0.2.21", port: 80, forwarding: "tunnel", tunnel: { type: "gre" } }] }),
  },
  {
    code: "tunnel-csum-unused",
    severity: "warning",
    path: ["virtualServices", 0, "realServers", 0, "tunnel", "csum"],
    bad: () => svc({ realServers: [{ address: "192.0.2.21", port: 80, forwarding: "tunnel", tunnel: { type: "ipip", csum: "csum" } }] }),
    good: () => svc({ realServers: [{ address: "192.0.2.21", port: 80, forwarding: "tunnel", tunnel: { type: "gre", csum: "csum" } }] }),
  },
  {
    code: "sched-flag-scheduler",
    path: ["virtualServices", 0, "schedFlags", 0],
    bad: () => svc({ scheduler: "sh", schedFlags: ["mh-port"] }),
    good: () => svc({ scheduler: "mh", schedFlags: ["mh-port"] }),
  },
  {
    code: "netmask-without-persistence",
    path: ["virtualServices", 0, "persistenceNetmask"],
    bad: () => svc({ persistenceNetmask: 24 }),
    good: () => svc({ persistence: 300, persistenceNetmask: 24 }),
  },
  {
    code: "netmask-range",
    path: ["virtualServices", 0, "persistenceNetmask"],
    bad: () => svc({ persistence: 300, persistenceNetmask: 33 }),
    good: () => svc({ persistence: 300, persistenceNetmask: 32 }),
  },
  {
    code: "netmask-range",
    path: ["virtualServices", 0, "persistenceNetmask"],
    bad: () => svc({ family: "inet6", address: "2001:db8::100", realServers: [], persistence: 300, persistenceNetmask: 0 }),
    good: () => svc({ family: "inet6", address: "2001:db8::100", realServers: [], persistence: 300, persistenceNetmask: 128 }),
  },
  { code: "one-packet-protocol", path: ["virtualServices", 0, "onePacket"], bad: () => svc({ onePacket: true }), good: () => svc({ protocol: "udp", onePacket: true }) },
  {
    code: "pe-without-persistence",
    path: ["virtualServices", 0, "persistenceEngine"],
    bad: () => svc({ protocol: "udp", port: 5060, persistenceEngine: "sip", realServers: [] }),
    good: () => svc({ protocol: "udp", port: 5060, persistence: 60, persistenceEngine: "sip", realServers: [] }),
  },
  {
    code: "pe-protocol",
    path: ["virtualServices", 0, "persistenceEngine"],
    bad: () => svc({ port: 5060, persistence: 60, persistenceEngine: "sip", realServers: [] }),
    good: () => svc({ protocol: "udp", port: 5060, persistence: 60, persistenceEngine: "sip", realServers: [] }),
  },
  {
    code: "duplicate-service",
    path: ["virtualServices", 1, "address"],
    bad: () => svc({ address: "192.0.2.100", port: 80 }, 1),
    good: () => svc({ address: "192.0.2.100", port: 80, protocol: "udp" }, 1),
  },
  {
    code: "duplicate-real-server",
    path: ["virtualServices", 0, "realServers", 1, "address"],
    bad: () =>
      svc({
        realServers: [
          { address: "192.0.2.21", port: 80 },
          { address: "192.0.2.21", port: 80 },
        ],
      }),
    good: () =>
      svc({
        realServers: [
          { address: "192.0.2.21", port: 80 },
          { address: "10.0.2.21", port: 81, forwarding: "masq" },
        ],
      }),
  },
  {
    code: "vip-is-real-server",
    path: ["virtualServices", 0, "realServers", 0, "address"],
    bad: () => svc({ realServers: [{ address: "192.0.2.101", port: 80 }] }),
    good: () => svc({ realServers: [{ address: "192.0.2.102", port: 80 }] }),
  },
  {
    code: "nat-gateway",
    severity: "warning",
    path: ["virtualServices", 1, "realServers", 0, "address"],
    bad: () => svc({ realServers: [{ address: "10.9.9.9", port: 8443, forwarding: "masq" }] }, 1),
    good: () => svc({ realServers: [{ address: "10.0.2.99", port: 8443, forwarding: "masq" }] }, 1),
  },
  { code: "nat-no-dip", severity: "warning", path: ["virtualServices", 1, "realServers", 0, "address"], bad: () => ({ ...base(), directors: [] }), good: () => base() },
  {
    code: "sorry-is-real-server",
    path: ["virtualServices", 0, "sorryServer", "address"],
    bad: () => svc({ sorryServer: { address: "192.0.2.21", port: 80 } }),
    good: () => svc({ sorryServer: { address: "192.0.2.29", port: 80 } }),
  },
  {
    code: "sorry-family",
    path: ["virtualServices", 0, "sorryServer", "address"],
    bad: () => svc({ sorryServer: { address: "2001:db8::29", port: 80 } }),
    good: () => svc({ sorryServer: { address: "192.0.2.29", port: 80 } }),
  },
  {
    code: "sorry-port",
    path: ["virtualServices", 1, "sorryServer", "port"],
    bad: () => svc({ sorryServer: { address: "10.0.2.29", port: 0 } }, 1),
    good: () => svc({ sorryServer: { address: "192.0.2.29", port: 0 } }),
  },
  {
    code: "quorum-without-sorry",
    severity: "warning",
    path: ["virtualServices", 0, "quorum"],
    bad: () => svc({ quorum: 2 }),
    good: () => svc({ quorum: 2, sorryServer: { address: "192.0.2.29", port: 80 } }),
  },
  {
    code: "hysteresis-without-quorum",
    severity: "warning",
    path: ["virtualServices", 0, "hysteresis"],
    bad: () => svc({ hysteresis: 1, sorryServer: { address: "192.0.2.29", port: 80 } }),
    good: () => svc({ quorum: 2, hysteresis: 1, sorryServer: { address: "192.0.2.29", port: 80 } }),
  },
  {
    code: "hysteresis-too-large",
    severity: "warning",
    path: ["virtualServices", 0, "hysteresis"],
    bad: () => svc({ quorum: 2, hysteresis: 2, sorryServer: { address: "192.0.2.29", port: 80 } }),
    good: () => svc({ quorum: 2, hysteresis: 1, sorryServer: { address: "192.0.2.29", port: 80 } }),
  },
  {
    code: "quorum-unreachable",
    severity: "warning",
    path: ["virtualServices", 0, "quorum"],
    bad: () => svc({ quorum: 3, sorryServer: { address: "192.0.2.29", port: 80 } }),
    good: () => svc({ quorum: 2, sorryServer: { address: "192.0.2.29", port: 80 } }),
  },
  {
    code: "check-timeout-interval",
    severity: "warning",
    path: ["virtualServices", 0, "healthCheck", "timeout"],
    bad: () => svc({ healthCheck: { type: "tcp", interval: 2, timeout: 5 } }),
    good: () => svc({ healthCheck: { type: "tcp", interval: 5, timeout: 5 } }),
  },
  {
    code: "check-port-missing",
    severity: "warning",
    path: ["virtualServices", 0, "healthCheck", "port"],
    bad: () => svc({ protocol: "fwmark", fwmark: 1, address: undefined, port: undefined, healthCheck: { type: "tcp" }, realServers: [{ address: "192.0.2.21", port: 0 }] }),
    good: () =>
      svc({ protocol: "fwmark", fwmark: 1, address: undefined, port: undefined, healthCheck: { type: "tcp", port: 80 }, realServers: [{ address: "192.0.2.21", port: 0 }] }),
  },
  {
    code: "duplicate-director",
    path: ["directors", 1, "name"],
    bad: () => ({
      ...base(),
      directors: [
        { name: "a", managementAddress: "10.0.2.1" },
        { name: "a", managementAddress: "10.0.2.2", role: "backup" },
      ],
    }),
    good: () => ({
      ...base(),
      directors: [
        { name: "a", managementAddress: "10.0.2.1" },
        { name: "b", managementAddress: "10.0.2.2", role: "backup" },
      ],
    }),
  },
  {
    code: "duplicate-director-address",
    path: ["directors", 1, "managementAddress"],
    bad: () => ({
      ...base(),
      directors: [
        { name: "a", managementAddress: "10.0.2.1" },
        { name: "b", managementAddress: "10.0.2.1", role: "backup" },
      ],
    }),
    good: () => ({
      ...base(),
      directors: [
        { name: "a", managementAddress: "10.0.2.1" },
        { name: "b", managementAddress: "10.0.2.2", role: "backup" },
      ],
    }),
  },
  {
    code: "multiple-primary",
    path: ["directors", 1, "role"],
    bad: () => ({
      ...base(),
      directors: [
        { name: "a", managementAddress: "10.0.2.1" },
        { name: "b", managementAddress: "10.0.2.2" },
      ],
    }),
    good: () => ({
      ...base(),
      directors: [
        { name: "a", managementAddress: "10.0.2.1" },
        { name: "b", managementAddress: "10.0.2.2", role: "backup" },
      ],
    }),
  },
  {
    code: "vrrp-priority",
    path: ["vrrp", "priorityPrimary"],
    bad: () => ({ ...base(), vrrp: { interface: "eth1", virtualRouterId: 51, priorityPrimary: 100, priorityBackup: 100 } }),
    good: () => ({ ...base(), vrrp: { interface: "eth1", virtualRouterId: 51, priorityPrimary: 101, priorityBackup: 100 } }),
  },
  {
    code: "vrrp-auth-pass",
    path: ["vrrp", "authPass"],
    bad: () => ({ ...base(), vrrp: { interface: "eth1", virtualRouterId: 51, authType: "PASS" } }),
    good: () => ({ ...base(), vrrp: { interface: "eth1", virtualRouterId: 51, authType: "PASS", authPass: "s3cret" } }),
  },
  {
    code: "vrrp-auth-unused",
    severity: "warning",
    path: ["vrrp", "authType"],
    bad: () => ({ ...base(), vrrp: { interface: "eth1", virtualRouterId: 51, authPass: "s3cret" } }),
    good: () => ({ ...base(), vrrp: { interface: "eth1", virtualRouterId: 51 } }),
  },
  {
    code: "interface-unknown",
    severity: "warning",
    path: ["syncDaemon", "interface"],
    bad: () => ({ ...base(), syncDaemon: { enabled: true, interface: "eth9" } }),
    good: () => ({ ...base(), syncDaemon: { enabled: true, interface: "eth1" } }),
  },
];

describe("the base cluster", () => {
  it("is clean", () => expect(codes(base())).toEqual([]));
});

describe.each(cases)("rule $code", (c) => {
  it("fires on the bad input, at the field, with both languages", () => {
    const found = validateCluster(Cluster.parse(c.bad())).filter((d) => d.code === c.code);
    expect(found.map((d) => d.path)).toContainEqual(c.path);
    for (const d of found) {
      expect(d.severity).toBe(c.severity ?? "error");
      expect(d.message.en.length).toBeGreaterThan(10);
      expect(d.message.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });
  it("stays silent on the good input", () => {
    expect(codes(c.good()).filter((d) => d.code === c.code)).toEqual([]);
  });
});

describe("validateVirtualService", () => {
  it("checks one service against the rest of the cluster, as a form would", () => {
    const cluster = Cluster.parse(base());
    const draft = Cluster.parse({ name: "x", virtualServices: [{ address: "192.0.2.100", port: 80, realServers: [{ address: "192.0.2.101", port: 80 }] }] }).virtualServices[0]!;
    const ds = validateVirtualService(draft, cluster.virtualServices.length, cluster);
    expect(ds.map((d) => d.code).sort()).toEqual(["duplicate-service", "vip-is-real-server"]);
    expect(ds.find((d) => d.code === "duplicate-service")!.path).toEqual(["virtualServices", 2, "address"]);
  });
  it("finds nothing in a clean service of the cluster", () => {
    const cluster = Cluster.parse(base());
    expect(validateVirtualService(cluster.virtualServices[0]!, 0, cluster)).toEqual([]);
  });
});
