/** Issue 21, import fidelity through the real API over a real SQLite file: points 1, 6 and 7. */
import { describe, expect, it } from "vitest";
import { loginAs, testDb } from "./support/harness.ts";

const { db } = testDb();

const KEEPALIVED = `global_defs {
    router_id lb-a
}
vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 150
    unicast_src_ip 10.0.0.1
    unicast_peer {
        10.0.0.2
    }
    virtual_ipaddress {
        192.0.2.20/24 dev eth0
    }
}
virtual_server 192.0.2.20 80 {
    protocol TCP
    real_server 10.0.0.11 80 {
    }
}
`;

describe("keepalived import creates its directors (point 1)", () => {
  it("the preview proposes the file's director and its peer; the commit creates what the operator confirmed; the export has keepalived.conf for both", async () => {
    const op = await loginAs(db, "olga", "operator");
    const p = await op.caller.import.preview({ format: "keepalived", text: KEEPALIVED });
    expect(p.ok).toBe(true);
    expect(p.counts?.directors).toBe(1);
    expect(p.directors.map((d) => [d.name, d.role, d.managementAddress, d.self])).toEqual([
      ["lb-a", "primary", "10.0.0.1", true],
      ["lb-a-peer", "backup", "10.0.0.2", false],
    ]);
    const directors = p.directors.map((d) => ({ name: d.name, role: d.role, managementAddress: d.managementAddress! }));
    const r = await op.caller.import.commit({ format: "keepalived", text: KEEPALIVED, directors, target: { kind: "new", name: "ka" } });
    expect(r.createdDirectors.map((d) => d.name).sort()).toEqual(["lb-a", "lb-a-peer"]);
    const file = await op.caller.export.file({ clusterId: r.clusterId, name: "keepalived/lb-a.conf" });
    expect(file.text).toContain("router_id lb-a");
    // Re-importing Shoal's own export gives back the same directors, without a question.
    const again = await op.caller.import.preview({ format: "keepalived", text: file.text });
    expect(again.ok && again.counts?.directors).toBe(2);
    expect(again.directors.map((d) => [d.name, d.role, d.managementAddress]).sort()).toEqual([
      ["lb-a", "primary", "10.0.0.1"],
      ["lb-a-peer", "backup", "10.0.0.2"],
    ]);
  });
});

describe("ipvsadm -S with a bad line (point 6)", () => {
  const text = [
    "-A -t 10.1.0.1:80 -s rr",
    "-a -t 10.1.0.1:80 -r 10.1.1.1:80 -m -w 1",
    "-A -t 10.1.0.2:80 -s foo",
    "-a -t 10.1.0.2:80 -r 10.1.1.2:80 -m -w 1",
    "-A -u 10.1.0.3:53 -s wrr",
    "",
  ].join("\n");
  it("the preview names the bad line and offers the rest; the commit with skipBadLines imports exactly the good lines", async () => {
    const op = await loginAs(db, "olga", "operator");
    const p = await op.caller.import.preview({ format: "ipvsadm", text });
    expect(p.ok).toBe(false);
    expect(p.canSkip).toBe(true);
    const lines = p.errors.groups.flatMap((g) => g.examples.map((e) => [e.code, e.line]));
    expect(lines).toEqual([
      ["ipvsadm.unknown-scheduler", 3],
      ["ipvsadm.kernel-refuses", 4],
    ]);
    const rest = await op.caller.import.preview({ format: "ipvsadm", text, skipBadLines: true });
    expect(rest.ok).toBe(true);
    expect(rest.counts).toEqual({ directors: 0, virtualServices: 2, realServers: 1 });
    expect(rest.skipped.total).toBe(2);
    const r = await op.caller.import.commit({ format: "ipvsadm", text, skipBadLines: true, target: { kind: "new", name: "rest" } });
    expect(r.skipped.groups.flatMap((g) => g.examples.map((e) => e.line))).toEqual([3, 4]);
    const draft = await op.caller.cluster.draft({ id: r.clusterId });
    expect(draft.virtualServices.map((s) => `${s.protocol} ${s.address}:${s.port} ${s.scheduler}`)).toEqual(["tcp 10.1.0.1:80 rr", "udp 10.1.0.3:53 wrr"]);
  });
});

describe("bounded previews (point 7)", () => {
  it("2,000 NAT services without a DIP are one group with five examples; the rest is paged", async () => {
    const op = await loginAs(db, "olga", "operator");
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const vip = `10.2.${i >> 8}.${i & 255}`;
      lines.push(`-A -t ${vip}:80 -s rr`, `-a -t ${vip}:80 -r 10.3.${i >> 8}.${i & 255}:8080 -m -w 1`);
    }
    const text = lines.join("\n") + "\n";
    const p = await op.caller.import.preview({ format: "ipvsadm", text });
    const nodip = p.diagnostics.groups.find((g) => g.code === "nat-no-dip")!;
    expect(nodip.count).toBe(2000);
    expect(nodip.examples).toHaveLength(5);
    expect(nodip.message.en).toMatch(/^2,000 alike, e\.g\.: /);
    expect(nodip.message.zh).toMatch(/^共 2,000 处相同/);
    expect(JSON.stringify(p).length).toBeLessThan(20_000);
    const page = await op.caller.import.problems({ format: "ipvsadm", text, list: "diagnostics", code: "nat-no-dip", severity: "warning", offset: 5, limit: 100 });
    expect(page.total).toBe(2000);
    expect(page.items).toHaveLength(100);
    expect(page.items[0]!.path?.slice(0, 2)).toEqual(["virtualServices", 5]);
  });
});
