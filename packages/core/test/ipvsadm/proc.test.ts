import { describe, expect, it } from "vitest";
import { canonicalState, listingToState, parseIpvsadmConnections, parseIpvsadmSave, parseIpvsadmTimeout, parseProcIpvs, parseProcIpvsStats } from "../../src/index.ts";
import { golden } from "./support.ts";

describe("parseProcIpvs on a real /proc/net/ip_vs", () => {
  it("matches ipvsadm -S for everything /proc shows (hex addresses, jiffies, byte-swapped v6 masks)", () => {
    const proc = parseProcIpvs(golden("golden.proc.txt"));
    expect(proc.ok).toBe(true);
    if (!proc.ok) return;
    expect(proc.warnings.map((w) => w.code)).toEqual(["proc.fwmark-family"]); // fwmark 4000000000 has no real servers
    const saved = parseIpvsadmSave(golden("golden.S.txt"));
    if (!saved.ok) throw new Error("golden.S.txt must parse");
    // what /proc cannot show: scheduler flags, persistence engine, tunnel details, thresholds, ops on IPv6
    const visible = (s: ReturnType<typeof canonicalState>) =>
      s.services.map(({ schedFlags: _f, persistenceEngine: _pe, onePacket, ...v }) => ({
        ...v,
        onePacket: v.family === "inet6" ? false : onePacket,
        dests: v.dests.map((d) => ({ address: d.address, port: d.port, forwarding: d.forwarding, weight: d.weight })),
      }));
    expect(visible(canonicalState(listingToState(proc.value)!))).toEqual(visible(canonicalState(saved.value)));
  });

  it("converts persistence with the kernel's HZ", () => {
    const text = golden("traffic.proc.txt");
    const at250 = parseProcIpvs(text);
    const at1000 = parseProcIpvs(text, { hz: 1000 });
    expect(at250.ok && at250.value.services[1]!.persistence).toBe(120);
    expect(at1000.ok && at1000.value.services[1]!.persistence).toBe(30);
    expect(at250.ok && at250.value.services[0]!.dests).toEqual([
      { address: "10.0.2.12", port: 80, forwarding: "masq", weight: 2, activeConns: 0, inactiveConns: 3 },
      { address: "10.0.2.11", port: 80, forwarding: "masq", weight: 1, activeConns: 0, inactiveConns: 3 },
    ]);
  });

  it("locates errors", () => {
    const lines = golden("traffic.proc.txt").split("\n");
    lines[4] = "  -> 0A00020Z:0050      Masq    2      0          3";
    const r = parseProcIpvs(lines.join("\n"));
    expect(!r.ok && r.errors).toEqual([expect.objectContaining({ line: 5, column: 6, code: "proc.bad-address" })]);
  });
});

describe("parseProcIpvsStats", () => {
  it("reads both hex blocks of a real /proc/net/ip_vs_stats", () => {
    const r = parseProcIpvsStats(golden("traffic.procstats.txt"));
    expect(r).toEqual({
      ok: true,
      warnings: [],
      value: {
        totals: { conns: 12, inPkts: 0x50, outPkts: 0x40, inBytes: 0x140c, outBytes: 0x1744 },
        rates: { cps: 1, inPps: 6, outPps: 5, inBps: 0x188, outBps: 0x1c4 },
      },
    });
  });

  it("locates a bad number", () => {
    const t = golden("traffic.procstats.txt").replace("140C", "14G0");
    const r = parseProcIpvsStats(t);
    expect(!r.ok && r.errors[0]).toMatchObject({ line: 3, column: 40, code: "proc-stats.bad-number" });
  });
});

describe("parseIpvsadmConnections on real ipvsadm -Lcn output", () => {
  it("reads every connection, templates included", () => {
    const r = parseIpvsadmConnections(golden("traffic.Lcn.txt"));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toHaveLength(13);
    expect(r.value[0]).toEqual({
      protocol: "tcp",
      expiresInSeconds: 116,
      state: "TIME_WAIT",
      clientAddress: "10.0.1.2",
      clientPort: 44528,
      virtualAddress: "10.0.1.100",
      virtualPort: 80,
      destAddress: "10.0.2.12",
      destPort: 80,
    });
    const template = r.value.find((c) => c.clientPort === 0)!;
    expect(template).toMatchObject({ state: "ASSURED", virtualAddress: "10.0.1.101", destAddress: "10.0.2.11" });
    const pc = parseIpvsadmConnections(golden("traffic.Lcn-pc.txt"));
    expect(pc.ok && pc.value.length).toBe(13);
  });

  it("reads IPv6 and pe columns, and locates errors", () => {
    const text = [
      "IPVS connection entries",
      "pro expire state       source             virtual            destination        pe name          pe_data",
      "UDP 01:00  UDP         [2001:db8::9]:5060 [2001:db8::1]:5060 [2001:db8::2]:5060 sip              abc@host",
      "TCP 1500:00 ESTABLISHED 10.0.0.1:1 10.0.0.2:80 10.0.0.3:80",
      "TCP 1:60  ESTABLISHED 10.0.0.1:1 10.0.0.2:80 10.0.0.3:80",
    ].join("\n");
    const r = parseIpvsadmConnections(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([expect.objectContaining({ line: 5, column: 5, code: "conn.bad-expire" })]);
    const good = parseIpvsadmConnections(text.split("\n").slice(0, 4).join("\n"));
    expect(good.ok && good.value[0]).toMatchObject({ clientAddress: "2001:db8::9", peName: "sip", peData: "abc@host" });
    expect(good.ok && good.value[1]!.expiresInSeconds).toBe(90000);
  });
});

describe("parseIpvsadmTimeout", () => {
  it("reads ipvsadm -L --timeout", () => {
    expect(parseIpvsadmTimeout(golden("golden.timeout.txt"))).toEqual({ ok: true, warnings: [], value: { tcp: 900, tcpFin: 120, udp: 300 } });
    const bad = parseIpvsadmTimeout("Timeout: soon");
    expect(!bad.ok && bad.errors[0]).toMatchObject({ line: 1, column: 1, code: "timeout.format" });
  });
});
