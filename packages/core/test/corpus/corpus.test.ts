/** Issue 21's corpus: every file imports, exports and round-trips; the exports mean the same kernel table. */
import { describe, expect, it } from "vitest";
import { canonicalState, desiredState, projectForKeepalived, projectForLvsCf } from "../../src/index.ts";
import { CORPUS, corpusText, exportsOf, importAs } from "./corpus.ts";

describe.each(CORPUS)("corpus $file", ({ file, format }) => {
  const text = corpusText(file);
  const { cluster, warnings } = importAs(format, text);

  it("imports, every warning at its line and in both languages", () => {
    expect(cluster.virtualServices.length).toBeGreaterThan(0);
    for (const w of warnings) {
      if (format !== "ipvsadm" || w.code.startsWith("ipvsadm.")) expect(w.line, w.code).toBeGreaterThan(0);
      expect(w.message.zh.length).toBeGreaterThan(0);
    }
  });

  it("round-trips in its own format: parse(export) is the format's projection of the import", () => {
    const out = exportsOf(cluster);
    if (format === "keepalived") expect(importAs("keepalived", out.keepalived).cluster).toEqual(projectForKeepalived(cluster));
    if (format === "lvscf") expect(importAs("lvscf", out.lvscf).cluster).toEqual(projectForLvsCf(cluster));
    if (format === "ipvsadm") expect(canonicalState(desiredState(importAs("ipvsadm", out.ipvsadm).cluster))).toEqual(canonicalState(desiredState(cluster)));
  });

  it("every export means the kernel table the original means (keepalived.conf, ipvsadm rules)", () => {
    const want = canonicalState(desiredState(cluster));
    const out = exportsOf(cluster);
    expect(canonicalState(desiredState(importAs("keepalived", out.keepalived).cluster))).toEqual(want);
    expect(canonicalState(desiredState(importAs("ipvsadm", out.ipvsadm).cluster))).toEqual(want);
  });
});

describe("what the corpus shows about fidelity", () => {
  it("web-shop: its director from router_id/MASTER/unicast_src_ip, the peer proposed, /24 VIPs kept", () => {
    const { cluster } = importAs("keepalived", corpusText("web-shop.keepalived.conf"));
    expect(cluster.directors.map((d) => [d.name, d.role, d.managementAddress])).toEqual([["LB1_SHOP", "primary", "192.168.10.2"]]);
    expect(cluster.virtualServices.map((s) => s.vipPrefix)).toEqual([24, 24, 24]);
    expect(exportsOf(cluster).keepalived).toContain("192.168.10.100/24 dev eth0 label eth0:1");
  });
  it("piranha: the VIP netmask is kept", () => {
    const { cluster } = importAs("lvscf", corpusText("piranha-nat.lvs.cf"));
    expect(cluster.virtualServices.map((s) => s.vipPrefix)).toEqual([24, 24]);
  });
});

describe("Piranha's heartbeat and NAT router lines are said, not dropped (point 2)", () => {
  it("serial_no, heartbeat_port, keepalive, deadtime, nat_router, nat_nmask each warn at their line", () => {
    const { warnings } = importAs("lvscf", corpusText("piranha-nat.lvs.cf"));
    expect(warnings.filter((w) => w.code === "lvscf.not-kept").map((w) => [w.line, w.message.en.split(" ")[0]])).toEqual([
      [1, "serial_no"],
      [6, "heartbeat"],
      [7, "heartbeat_port"],
      [8, "keepalive"],
      [9, "deadtime"],
      [11, "nat_router"],
      [12, "nat_nmask"],
    ]);
  });
});
