import { describe, expect, it } from "vitest";
import { Cluster, desiredState } from "@shoal/core";
import { aliasLabel, desiredVips, planVips } from "../src/reconcile/vips.ts";
import { requiredSysctls } from "../src/reconcile/sysctls.ts";

const cluster = (extra: Record<string, unknown> = {}) =>
  Cluster.parse({
    name: "c",
    ...extra,
    virtualServices: [
      { address: "10.0.1.100", port: 80, vipInterface: "eth0", vipLabel: "1", realServers: [{ address: "10.0.2.11", port: 80, forwarding: "masq" }] },
      { address: "10.0.1.100", port: 443, vipInterface: "eth0", vipLabel: "eth0:1" },
      { address: "10.0.1.101", port: 80, vipInterface: "eth0", enabled: false },
      { address: "2001:db8::1", port: 80, vipInterface: "eth0", vipLabel: "x", realServers: [{ address: "2001:db8::11", port: 80, forwarding: "route" }], family: "inet6" },
      { address: "10.0.1.102", port: 80 },
    ],
  });

describe("VIPs", () => {
  it("one alias per address of an enabled service with a vipInterface", () => {
    expect(desiredVips(cluster())).toEqual([
      { address: "10.0.1.100", prefix: 32, iface: "eth0", label: "eth0:1" },
      { address: "2001:db8::1", prefix: 128, iface: "eth0" },
    ]);
  });
  it("leaves VIPs to keepalived when the cluster uses VRRP", () => {
    expect(desiredVips(cluster({ vrrp: { interface: "eth0", virtualRouterId: 51 } }))).toEqual([]);
  });
  it("accepts a bare alias number or a full label", () => {
    expect(aliasLabel("eth0", "1", "inet")).toBe("eth0:1");
    expect(aliasLabel("eth0", "eth0:web", "inet")).toBe("eth0:web");
    expect(aliasLabel("eth0", undefined, "inet")).toBeUndefined();
  });
  it("adds what is missing and removes only its own VIPs nobody uses", () => {
    const want = [{ address: "10.0.1.100", prefix: 32, iface: "eth0" }];
    const present = [
      { address: "10.0.1.100", iface: "eth0" },
      { address: "10.0.1.50", iface: "eth0" }, // the operator's: never touched
      { address: "10.0.1.60", iface: "eth0" },
      { address: "10.0.1.70", iface: "eth0" },
    ];
    const managed = [
      { address: "10.0.1.60", prefix: 32, iface: "eth0" }, // ours, unwanted: removed
      { address: "10.0.1.70", prefix: 32, iface: "eth0" }, // ours, service still draining: kept
    ];
    expect(planVips(want, present, managed, new Set(["10.0.1.70"]))).toEqual({ add: [], remove: [managed[0]] });
    expect(planVips(want, [], [], new Set()).add).toEqual(want);
  });
});

describe("director sysctls", () => {
  it("NAT needs forwarding, DR does not", () => {
    expect(requiredSysctls(desiredState(cluster()))).toEqual({ "net.ipv4.ip_forward": "1" });
    const dr = Cluster.parse({ name: "c", virtualServices: [{ address: "10.0.1.100", port: 80, realServers: [{ address: "10.0.2.11", port: 80, forwarding: "route" }] }] });
    expect(requiredSysctls(desiredState(dr))).toEqual({});
  });
});

describe("a VIP's prefix (issue 21, point 4)", () => {
  it("is brought up with the service's prefix, a host address when none is given", () => {
    const c = Cluster.parse({
      name: "p",
      virtualServices: [
        { protocol: "tcp", address: "192.0.2.20", port: 80, vipInterface: "eth0", vipPrefix: 24 },
        { protocol: "tcp", address: "192.0.2.21", port: 80, vipInterface: "eth0" },
      ],
    });
    expect(desiredVips(c).map((v) => `${v.address}/${v.prefix}`)).toEqual(["192.0.2.20/24", "192.0.2.21/32"]);
  });
});
