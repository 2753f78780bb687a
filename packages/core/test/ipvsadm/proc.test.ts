import { describe, expect, it } from "vitest";
import fc from "fast-check";
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

  it("reads common lines in place exactly as the general tokenizer reads them, errors included (property)", () => {
    const hex = (n: number, d: number) => n.toString(16).toUpperCase().padStart(d, "0");
    const service = fc.record({
      proto: fc.constantFrom("TCP", "UDP", "SCTP", "FWM"),
      addr: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      port: fc.integer({ min: 0, max: 65535 }),
      sched: fc.constantFrom("rr", "wrr", "sh", "mh"),
      tail: fc.constantFrom("", " ", "persistent 75000 FFFFFF00", "persistent 250 FFFFFFFF ", "ops ", "persistent x 1", "junk"),
    });
    const dest = fc.record({
      addr: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      port: fc.integer({ min: 0, max: 65535 }),
      fwd: fc.constantFrom("Masq", "Route", "Tunnel", "Local", "Bogus"),
      nums: fc.array(fc.oneof(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constant(-1)), { minLength: 3, maxLength: 3 }),
      pad: fc.constantFrom("", " ", "\r"),
    });
    const table = fc.array(fc.record({ s: service, d: fc.array(dest, { maxLength: 4 }) }), { maxLength: 8 });
    fc.assert(
      fc.property(table, fc.boolean(), (t, orphan) => {
        const lines = ["IP Virtual Server version 1.2.1 (size=4096)", "Prot LocalAddress:Port Scheduler Flags", "  -> RemoteAddress:Port Forward Weight ActiveConn InActConn"];
        if (orphan) lines.push("  -> 0A000001:0050      Masq    1      0          0");
        for (const { s, d } of t) {
          lines.push(s.proto === "FWM" ? `FWM  ${hex(s.addr, 8)} ${s.sched} ${s.tail}` : `${s.proto}  ${hex(s.addr, 8)}:${hex(s.port, 4)} ${s.sched} ${s.tail}`);
          for (const x of d)
            lines.push(
              `  -> ${hex(x.addr, 8)}:${hex(x.port, 4)}      ${x.fwd.padEnd(7)} ${String(x.nums[0]).padEnd(6)} ${String(x.nums[1]).padEnd(10)} ${String(x.nums[2]).padEnd(10)}${x.pad}`,
            );
        }
        const text = lines.join("\n");
        // A tab where a single space was is all the same to the tokenizer, and never taken by
        // the in-place reader: the second parse goes through the general path line by line.
        const general = lines.map((l, i) => (i < 3 ? l : l.replace(/^ {2}-> /, "  ->\t").replace(/^(TCP|UDP|SCTP|FWM) /, "$1\t"))).join("\n");
        expect(parseProcIpvs(text)).toEqual(parseProcIpvs(general));
      }),
      { numRuns: 300 },
    );
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
