import { describe, expect, it } from "vitest";
import { listConnections, parseProcIpvsConn } from "../../src/metrics/index.ts";

// As a 6.1 kernel prints it (ip_vs_conn_seq_show): NAT to two real servers, a UDP entry, a
// persistence template (client port 0) and an IPv6 connection.
const CAPTURED = `Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData
TCP C0A80A05 D431 0A000064 0050 0A000B0B 0050 ESTABLISHED     897
TCP C0A80A06 9C40 0A000064 0050 0A000B0C 1F90 TIME_WAIT        62
UDP C0A80A05 8F2A 0A000065 0035 0A000B0B 0035 UDP             290
TCP C0A80A05 0000 0A000064 0000 0A000B0B 0000 NONE            359
TCP 2001:0db8:0000:0000:0000:0000:0000:0005 D431 2001:0db8:0000:0000:0000:0000:0000:0064 01BB 2001:0db8:0000:0000:0000:0000:0001:000b 01BB SYN_RECV         59
`;

describe("parseProcIpvsConn", () => {
  it("reads protocol, expiry, state and the three endpoints from the kernel's hex", () => {
    const r = parseProcIpvsConn(CAPTURED);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toHaveLength(5);
    expect(r.value[0]).toEqual({
      protocol: "tcp",
      expiresInSeconds: 897,
      state: "ESTABLISHED",
      clientAddress: "192.168.10.5",
      clientPort: 54321,
      virtualAddress: "10.0.0.100",
      virtualPort: 80,
      destAddress: "10.0.11.11",
      destPort: 80,
    });
    expect(r.value[1]).toMatchObject({ destAddress: "10.0.11.12", destPort: 8080, state: "TIME_WAIT", expiresInSeconds: 62 });
    expect(r.value[2]).toMatchObject({ protocol: "udp", virtualPort: 53, state: "UDP" });
    expect(r.value[4]).toMatchObject({ clientAddress: "2001:db8::5", virtualAddress: "2001:db8::64", virtualPort: 443, destAddress: "2001:db8::1:b", state: "SYN_RECV" });
  });

  it("feeds listConnections: filter by service, state and top N", () => {
    const r = parseProcIpvsConn(CAPTURED);
    if (!r.ok) throw new Error("parse failed");
    const l = listConnections(r.value, { service: "tcp 10.0.0.100:80", limit: 1 }, 1);
    expect(l.total).toBe(2);
    expect(l.truncated).toBe(true);
    expect(l.connections).toHaveLength(1);
    expect(listConnections(r.value, { state: "time_wait" }, 1).connections.map((c) => c.clientAddress)).toEqual(["192.168.10.6"]);
  });

  it("an empty table is the header alone", () => {
    expect(parseProcIpvsConn("Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n")).toEqual({ ok: true, value: [], warnings: [] });
  });

  it("locates every bad line (line and column) and still reads the good ones", () => {
    const text = [
      "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData",
      "TCP C0A80A05 D431 0A000064 0050 0A000B0B 0050 ESTABLISHED     897",
      "TCP C0A80Z05 D431 0A000064 0050 0A000B0B 0050 ESTABLISHED     897",
      "TCP C0A80A05 D431 0A000064 50 0A000B0B 0050 ESTABLISHED     897",
      "TCP C0A80A05 D431 0A000064 0050 0A000B0B 0050 ESTABLISHED",
      "TCP C0A80A05 D431 0A000064 0050 0A000B0B 0050 ESTABLISHED  -1",
    ].join("\n");
    const r = parseProcIpvsConn(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.code, e.line, e.column])).toEqual([
      ["proc-conn.bad-address", 3, 5],
      ["proc-conn.bad-port", 4, 28],
      ["proc-conn.columns", 5, 47],
      ["proc-conn.bad-expires", 6, 60],
    ]);
    expect(r.errors[0]!.message.en).toContain('"C0A80Z05"');
    expect(r.errors[0]!.message.zh).toContain("十六进制");
  });

  it("refuses text that is not the connection table", () => {
    const r = parseProcIpvsConn("IP Virtual Server version 1.2.1 (size=4096)\n");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ code: "proc-conn.header", line: 1, column: 1 });
  });
});
