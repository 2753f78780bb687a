import { describe, expect, it } from "vitest";
import { canonicalState, formatDiagnostic, listingToState, parseIpvsadmList, parseIpvsadmSave, renderIpvsadmSave, type IpvsListing } from "../../src/index.ts";
import { golden } from "./support.ts";

function listing(name: string): IpvsListing {
  const r = parseIpvsadmList(golden(name));
  if (!r.ok) throw new Error(r.errors.map((e) => formatDiagnostic(e)).join("\n"));
  return r.value;
}

const saved = parseIpvsadmSave(golden("golden.S.txt"));
if (!saved.ok) throw new Error("golden.S.txt must parse");

describe("parseIpvsadmList on real ipvsadm -Ln output", () => {
  it("--tun-info shows everything -S does but thresholds: same table, rendered byte for byte", () => {
    const l = listing("golden.tun-info.txt");
    expect(l.columns).toBe("tun-info");
    expect(l.version).toBe("1.2.1");
    expect(l.connTableSize).toBe(4096);
    const state = listingToState(l)!;
    expect(renderIpvsadmSave(state, { exact: true })).toBe(golden("golden.S.txt"));
  });

  it("plain -Ln: same services, flags, persistence and weights as -S (tunnel details not shown)", () => {
    const state = listingToState(listing("golden.Ln.txt"))!;
    const strip = (s: typeof state) =>
      canonicalState(s).services.map((v) => ({
        ...v,
        dests: v.dests.map(({ tunnelType: _a, tunnelPort: _b, tunnelCsum: _c, upperThreshold: _d, lowerThreshold: _e, ...d }) => d),
      }));
    expect(strip(state)).toEqual(strip(saved.value));
  });

  it("--thresholds gives -x/-y, which -S does not save", () => {
    const l = listing("golden.thresholds.txt");
    expect(l.columns).toBe("thresholds");
    const svc = l.services.find((s) => s.address === "10.9.0.100" && s.port === 80)!;
    expect(svc.dests.find((d) => d.address === "10.9.0.11")).toMatchObject({ port: 8080, upperThreshold: 1000, lowerThreshold: 800, activeConns: 0, inactiveConns: 0 });
    const v6 = l.services.find((s) => s.address === "2001:db8::100")!;
    expect(v6.dests[0]).toMatchObject({ address: "2001:db8::21", upperThreshold: 50, lowerThreshold: 40 });
    expect(listingToState(l)).toBeUndefined();
  });

  it("connection counters and persistent connections after real traffic", () => {
    const l = listing("traffic.Ln.txt");
    expect(l.services.map((s) => [s.address, s.port, s.scheduler, s.persistence])).toEqual([
      ["10.0.1.100", 80, "rr", undefined],
      ["10.0.1.101", 80, "wlc", 120],
    ]);
    expect(l.services[0]!.dests).toEqual([
      { address: "10.0.2.11", port: 80, forwarding: "masq", weight: 1, activeConns: 0, inactiveConns: 3 },
      { address: "10.0.2.12", port: 80, forwarding: "masq", weight: 2, activeConns: 0, inactiveConns: 3 },
    ]);
    const pc = listing("traffic.pc.txt");
    expect(pc.columns).toBe("persistent-conn");
    expect(pc.services[1]!.dests[0]).toMatchObject({ weight: 1, persistConns: 1, activeConns: 0, inactiveConns: 6 });
  });

  it("--stats and --rate", () => {
    const s = listing("traffic.stats.txt");
    expect(s.columns).toBe("stats");
    expect(s.exact).toBe(true);
    expect(s.services[0]!.counters).toEqual({ conns: 6, inPkts: 40, outPkts: 32, inBytes: 2566, outBytes: 2978 });
    expect(s.services[0]!.dests[1]).toEqual({ address: "10.0.2.12", port: 80, counters: { conns: 3, inPkts: 20, outPkts: 16, inBytes: 1283, outBytes: 1489 } });
    expect(listing("traffic.stats-exact.txt")).toEqual(s);
    const r = listing("traffic.rate.txt");
    expect(r.columns).toBe("rate");
    expect(r.services[1]!.rates).toEqual({ cps: 0, inPps: 3, outPps: 2, inBps: 201, outBps: 232 });
    expect(listing("golden.stats-exact.txt").services).toHaveLength(saved.value.services.length);
    expect(listing("golden.rate.txt").services.find((x) => x.protocol === "fwmark" && x.family === "inet6")?.fwmark).toBe(2);
  });

  it("reads abbreviated numbers (no --exact) and says they are not exact", () => {
    const text = [
      "IP Virtual Server version 1.2.1 (size=4096)",
      "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes",
      "  -> RemoteAddress:Port",
      "TCP  10.0.1.100:80                       6 123456K     4321M     99G      12T",
    ].join("\n");
    const r = parseIpvsadmList(text);
    expect(r.ok && r.value.exact).toBe(false);
    expect(r.ok && r.value.services[0]!.counters).toEqual({ conns: 6, inPkts: 123456000, outPkts: 4321000000, inBytes: 99e9, outBytes: 12e12 });
  });

  it("refuses names (ipvsadm -L without -n) with the line and column of the first one", () => {
    const r = parseIpvsadmList(golden("traffic.L-noN.txt"));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ line: 4, column: 17, code: "list.bad-address" });
    expect(r.errors[0]!.message.en).toContain("service name");
    expect(r.errors[0]!.message.zh).toContain("服务名");
  });

  it("locates errors in a damaged listing", () => {
    const lines = golden("golden.Ln.txt").split("\n");
    lines[5] = "  -> 10.9.0.21:443                Route   x      0          0";
    const r = parseIpvsadmList(lines.join("\n"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([expect.objectContaining({ line: 6, column: 43, code: "list.bad-number" })]);
    const bad = parseIpvsadmList("hello");
    expect(!bad.ok && bad.errors[0]).toMatchObject({ line: 1, column: 1, code: "list.header" });
  });
});
