/** Issue 21, point 1: a keepalived import creates its director(s); Shoal's own export gives them back. */
import { describe, expect, it } from "vitest";
import { Cluster } from "../../src/index.ts";
import { parseKeepalivedConf, renderKeepalivedConf } from "../../src/keepalived/index.ts";

const conf = (vrrpExtra: string, state = "MASTER", priority = 150) => `global_defs {
    router_id lb-a
}
vrrp_instance VI_1 {
    state ${state}
    interface eth0
    virtual_router_id 51
    priority ${priority}
${vrrpExtra}    virtual_ipaddress {
        192.0.2.20/24 dev eth0
    }
}
virtual_server 192.0.2.20 80 {
    protocol TCP
    real_server 10.0.0.11 80 {
    }
}
`;

describe("directors from a hand-written keepalived.conf", () => {
  it("router_id, state MASTER, priority and unicast_src_ip make the primary; unicast_peer proposes the backup without creating it", () => {
    const r = parseKeepalivedConf(conf("    unicast_src_ip 10.0.0.1\n    unicast_peer {\n        10.0.0.2\n    }\n"));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.directors.map((d) => [d.name, d.role, d.managementAddress])).toEqual([["lb-a", "primary", "10.0.0.1"]]);
    expect(r.value.vrrp?.priorityPrimary).toBe(150);
    expect(r.directors).toEqual([
      { name: "lb-a", role: "primary", managementAddress: "10.0.0.1", self: true, from: "router_id lb-a, state MASTER, priority 150" },
      { name: "lb-a-peer", role: "backup", managementAddress: "10.0.0.2", self: false, from: "unicast_peer 10.0.0.2" },
    ]);
    expect(r.warnings.map((w) => w.code)).not.toContain("keepalived.director-address");
  });

  it("a BACKUP file makes a backup director and proposes the primary", () => {
    const r = parseKeepalivedConf(conf("    unicast_src_ip 10.0.0.2\n", "BACKUP", 100));
    expect(r.ok && r.value.directors.map((d) => [d.name, d.role])).toEqual([["lb-a", "backup"]]);
    expect(r.directors.map((d) => [d.role, d.self, d.managementAddress])).toEqual([
      ["backup", true, "10.0.0.2"],
      ["primary", false, undefined],
    ]);
  });

  it("without an address in the file the director is proposed, not invented, and a warning at the vrrp_instance says so", () => {
    const r = parseKeepalivedConf(conf(""));
    expect(r.ok && r.value.directors).toEqual([]);
    expect(r.directors.map((d) => d.name)).toEqual(["lb-a", "lb-a-peer"]);
    const w = r.warnings.find((x) => x.code === "keepalived.director-address");
    expect(w).toMatchObject({ line: 4 });
    expect(w!.message.en).toContain("lb-a (primary, from router_id lb-a, state MASTER, priority 150)");
    expect(w!.message.zh).toContain("请在预览中填写");
  });
});

describe("Shoal's own export gives back the same directors", () => {
  const cluster = Cluster.parse({
    name: "shop",
    vrrp: { interface: "eth0", virtualRouterId: 51, priorityPrimary: 200, priorityBackup: 90 },
    directors: [
      { name: "lb1", managementAddress: "10.0.0.1", role: "primary" },
      { name: "lb2", managementAddress: "10.0.0.2", role: "backup" },
    ],
    virtualServices: [{ protocol: "tcp", address: "192.0.2.20", port: 80, vipInterface: "eth0", realServers: [{ address: "10.0.0.11", port: 80 }] }],
  });
  for (const director of ["lb1", "lb2"]) {
    it(`the file for ${director} reads back as lb1 primary and lb2 backup, without a question`, () => {
      const text = renderKeepalivedConf(cluster, { director });
      expect(text).toContain(`router_id ${director}`);
      const r = parseKeepalivedConf(text);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      expect([...r.value.directors].sort((a, b) => a.name.localeCompare(b.name)).map((d) => [d.name, d.role, d.managementAddress])).toEqual([
        ["lb1", "primary", "10.0.0.1"],
        ["lb2", "backup", "10.0.0.2"],
      ]);
      expect(r.warnings).toEqual([]);
    });
  }
});

describe("unicast VRRP is a model field (point 9: unicast_peer)", () => {
  it("unicast_peer reads as vrrp.unicast; each director's file writes its own unicast_src_ip and the peer, and reads back the same", () => {
    const r = parseKeepalivedConf(conf("    unicast_src_ip 10.0.0.1\n    unicast_peer {\n        10.0.0.2\n    }\n"));
    if (!r.ok) throw new Error("parse");
    expect(r.value.vrrp?.unicast).toBe(true);
    const c = Cluster.parse({ ...r.value, directors: r.directors.map((d) => ({ name: d.name, role: d.role, managementAddress: d.managementAddress! })) });
    const lb2 = renderKeepalivedConf(c, { director: "lb-a-peer" });
    expect(lb2).toMatch(/unicast_src_ip 10\.0\.0\.2\n\s+unicast_peer \{\n\s+10\.0\.0\.1\n\s+\}/);
    const back = parseKeepalivedConf(lb2);
    expect(back.ok && back.value.vrrp?.unicast).toBe(true);
    expect(back.warnings).toEqual([]);
  });
});
