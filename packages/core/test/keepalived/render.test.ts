import { describe, expect, test } from "vitest";
import { Cluster } from "../../src/index.ts";
import { parseKeepalivedConf, renderKeepalivedConf } from "../../src/keepalived/index.ts";

const base = {
  name: "edge",
  vrrp: { interface: "eth0", virtualRouterId: 9, priorityPrimary: 200, priorityBackup: 50, preempt: false },
  directors: [
    { name: "a", managementAddress: "10.0.0.1", role: "primary" as const },
    { name: "b", managementAddress: "10.0.0.2", role: "backup" as const },
  ],
};

describe("renderKeepalivedConf", () => {
  test("nopreempt: both directors start BACKUP, each with its own priority, and read back in their role", () => {
    const c = Cluster.parse(base);
    for (const [d, prio, field] of [
      ["a", 200, "priorityPrimary"],
      ["b", 50, "priorityBackup"],
    ] as const) {
      const text = renderKeepalivedConf(c, { director: d });
      expect(text).toContain("state BACKUP");
      expect(text).toContain(`priority ${prio}`);
      expect(text).toContain("nopreempt");
      const r = parseKeepalivedConf(text);
      expect(r.ok && r.value.vrrp?.[field]).toBe(prio);
    }
  });

  test("a send/expect check becomes a TCP_CHECK, and the file says so", () => {
    const c = Cluster.parse({
      name: "x",
      virtualServices: [
        { address: "10.0.0.10", port: 25, healthCheck: { type: "send-expect", send: "HELO x\\r\\n", expect: "250", timeout: 4 }, realServers: [{ address: "10.0.1.1", port: 25 }] },
      ],
    });
    const text = renderKeepalivedConf(c);
    expect(text).toMatch(/# Shoal send\/expect check: keepalived has none.*\n\s+TCP_CHECK \{\n\s+connect_timeout 4\n/);
  });

  test("IPv6 VIPs go to virtual_ipaddress_excluded next to IPv4 ones; fwmark services bring up no VIP", () => {
    const c = Cluster.parse({
      ...base,
      virtualServices: [
        { address: "192.0.2.1", port: 80, vipInterface: "eth0" },
        { address: "2001:db8::1", port: 80, family: "inet6" },
        { protocol: "fwmark", fwmark: 3 },
      ],
    });
    const text = renderKeepalivedConf(c);
    expect(text).toMatch(/virtual_ipaddress \{\n\s+192\.0\.2\.1\/32 dev eth0\n\s+\}\n\s+virtual_ipaddress_excluded \{\n\s+2001:db8::1\/128\n\s+\}/);
  });

  test("%h and %p are baked into misc_path per real server, and read back as %h/%p", () => {
    const c = Cluster.parse({
      name: "x",
      virtualServices: [
        {
          address: "10.0.0.10",
          port: 80,
          healthCheck: { type: "external", command: "/bin/probe -H %h -P %p" },
          realServers: [
            { address: "10.0.1.1", port: 8080, forwarding: "masq" },
            { address: "10.0.1.2", port: 8081, forwarding: "masq" },
          ],
        },
      ],
    });
    const text = renderKeepalivedConf(c);
    expect(text).toContain('misc_path "/bin/probe -H 10.0.1.1 -P 8080"');
    expect(text).toContain('misc_path "/bin/probe -H 10.0.1.2 -P 8081"');
    const r = parseKeepalivedConf(text);
    expect(r.ok && r.value.virtualServices[0]!.healthCheck).toMatchObject({ type: "external", command: "/bin/probe -H %h -P %p" });
    expect(r.ok && r.value.virtualServices[0]!.realServers.every((rs) => rs.healthCheck === undefined)).toBe(true);
  });

  test("disabled services and real servers are left out", () => {
    const c = Cluster.parse({
      name: "x",
      virtualServices: [
        { address: "10.0.0.10", port: 80, enabled: false, realServers: [{ address: "10.0.1.1", port: 80 }] },
        {
          address: "10.0.0.11",
          port: 80,
          realServers: [
            { address: "10.0.1.2", port: 80, enabled: false },
            { address: "10.0.1.3", port: 80 },
          ],
        },
      ],
    });
    const text = renderKeepalivedConf(c);
    expect(text).not.toContain("10.0.0.10");
    expect(text).not.toContain("10.0.1.2");
    expect(text).toContain("real_server 10.0.1.3 80");
  });

  test("the same cluster renders to the same bytes", () => {
    const c = Cluster.parse({ ...base, virtualServices: [{ address: "192.0.2.1", port: 80, realServers: [{ address: "10.0.1.1", port: 80 }] }] });
    expect(renderKeepalivedConf(c, { director: "b" })).toBe(renderKeepalivedConf(Cluster.parse(JSON.parse(JSON.stringify(c))), { director: "b" }));
  });
});
