import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stateServiceKey, type IpvsState, type KernelService } from "@shoal/core";
import { ProcPlanView, type ExactService, type PlanViewSource } from "../../src/kernel/proc/plan-view.ts";
import type { IpvsKernel, IpvsSnapshot, PlanReadOptions, PlanView } from "../../src/kernel/types.ts";
import { PlanReader } from "../../src/reconcile/plan-read.ts";

// The reconcile's /proc/net/ip_vs read: trusted only after agreeing with a full netlink read,
// HZ learned from it, netlink for the services /proc cannot show.

const HEAD = "IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port Forward Weight ActiveConn InActConn\n";
// 10.20.0.100:80 wrr, two NAT servers; 10.20.0.101:443 persistent 120 s (HZ 250) /24, a tunnel server
const PROC = `${HEAD}TCP  0A140064:0050 wrr \n  -> 0A14000B:1F90      Masq    3      5          7         \n  -> 0A14000C:1F90      Masq    0      0          1         \nTCP  0A140065:01BB wlc persistent 30000 FFFFFF00\n  -> 0A140015:01BB      Tunnel  1      0          0         \n`;

const nat: KernelService = {
  protocol: "tcp",
  family: "inet",
  address: "10.20.0.100",
  port: 80,
  scheduler: "wrr",
  schedFlags: [],
  onePacket: false,
  dests: [
    { address: "10.20.0.11", port: 8080, forwarding: "masq", weight: 3, upperThreshold: 100, lowerThreshold: 0 },
    { address: "10.20.0.12", port: 8080, forwarding: "masq", weight: 0, upperThreshold: 0, lowerThreshold: 0 },
  ],
};
const tun: KernelService = {
  protocol: "tcp",
  family: "inet",
  address: "10.20.0.101",
  port: 443,
  scheduler: "wlc",
  schedFlags: [],
  onePacket: false,
  persistence: 120,
  persistenceNetmask: 24,
  dests: [{ address: "10.20.0.21", port: 443, forwarding: "tunnel", weight: 1, upperThreshold: 0, lowerThreshold: 0 }],
};
const table: IpvsState = { services: [nat, tun], timeouts: { tcp: 900, tcpFin: 120, udp: 300 } };

function fakeNetlink(state: IpvsState): PlanViewSource & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async readWithStats(): Promise<IpvsSnapshot> {
      calls.push("full");
      const z = { conns: 0, inPkts: 0, outPkts: 0, inBytes: 0, outBytes: 0 };
      const r = { cps: 0, inPps: 0, outPps: 0, inBps: 0, outBps: 0 };
      return {
        state: structuredClone(state),
        stats: state.services.map((s) => ({
          key: stateServiceKey(s),
          counters: z,
          rates: r,
          dests: s.dests.map((d) => ({ address: d.address, port: d.port, counters: z, rates: r, activeConns: 9, inactiveConns: 9, persistentConns: 0 })),
        })),
      };
    },
    async readServices(wanted): Promise<Map<string, ExactService>> {
      calls.push(`exact ${wanted.map(stateServiceKey).join(",")}`);
      const out = new Map<string, ExactService>();
      for (const w of wanted) {
        const s = state.services.find((x) => stateServiceKey(x) === stateServiceKey(w));
        if (s) out.set(stateServiceKey(s), { service: structuredClone(s), conns: new Map(s.dests.map((d) => [`${d.address}:${d.port}`, { active: 4, inactive: 4 }])) });
      }
      return out;
    },
    async readTimeouts() {
      return state.timeouts!;
    },
  };
}

function procFile(text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), "shoal-proc-")), "ip_vs");
  writeFileSync(f, text);
  return f;
}

const none = { full: false, exact: () => false };

describe("ProcPlanView", () => {
  it("reads netlink until a full read agreed with /proc, then /proc (HZ learned, conns from /proc)", async () => {
    const nl = fakeNetlink(table);
    const v = new ProcPlanView(nl, procFile(PROC));
    const first = await v.read(none);
    expect(first.source).toBe("netlink");
    expect(v.distrust).toBe("");
    const second = await v.read(none);
    expect(second.source).toBe("proc");
    expect(nl.calls).toEqual(["full"]);
    // what /proc shows equals netlink; the threshold it cannot show reads as the default
    expect(second.state.services[1]).toEqual(tun);
    expect(second.state.services[0]!.dests[0]!.upperThreshold).toBe(0);
    expect(second.state.timeouts).toEqual(table.timeouts);
    expect(second.conns("tcp 10.20.0.100:80", "10.20.0.11:8080")).toEqual({ active: 5, inactive: 7 });
    expect(second.conns("tcp 10.20.0.100:80", "10.20.0.12:8080")).toEqual({ active: 0, inactive: 1 });
    expect(first.conns("tcp 10.20.0.100:80", "10.20.0.12:8080")).toEqual({ active: 9, inactive: 9 });
  });

  it("reads the services it is told to through netlink, with their connections", async () => {
    const nl = fakeNetlink(table);
    const v = new ProcPlanView(nl, procFile(PROC));
    await v.read(none);
    const r = await v.read({ full: false, exact: (k) => k === "tcp 10.20.0.100:80" });
    expect(r.source).toBe("proc + netlink for 1 services");
    expect(r.state.services[0]).toEqual(nat);
    expect(r.conns("tcp 10.20.0.100:80", "10.20.0.11:8080")).toEqual({ active: 4, inactive: 4 });
    expect(r.conns("tcp 10.20.0.101:443", "10.20.0.21:443")).toEqual({ active: 0, inactive: 0 });
    expect(nl.calls).toEqual(["full", "exact tcp 10.20.0.100:80"]);
  });

  it("does not trust a /proc that differs from netlink (another namespace, a changed kernel)", async () => {
    const nl = fakeNetlink(table);
    const v = new ProcPlanView(nl, procFile(PROC.replace("Masq    3", "Masq    4")));
    await v.read(none);
    expect(v.distrust).toMatch(/differs from netlink .*10\.20\.0\.11:8080/);
    expect((await v.read(none)).source).toBe("netlink");
    expect(nl.calls).toEqual(["full", "full"]);
  });

  it("sends persistent services to netlink until HZ is known", async () => {
    const plain = { services: [nat], timeouts: table.timeouts };
    const nl = fakeNetlink(table);
    const v = new ProcPlanView(fakeNetlink(plain), procFile(PROC.split("TCP  0A140065")[0]!));
    await v.read(none);
    const w = new ProcPlanView(nl, procFile(PROC));
    // trusted from a read without persistence: the next read cannot convert 30000 jiffies
    (w as unknown as { trusted: boolean }).trusted = true;
    const r = await w.read(none);
    // nothing known yet (no full read by this view): both blocks parsed
    expect(r.source).toBe("proc + netlink for 1 services, 2 services parsed");
    expect(r.state.services[1]).toEqual(tun);
    expect(v.distrust).toBe("");
  });
});

describe("an unchanged table", () => {
  it("is the previous state object when only connection counts moved; its counts still answer", async () => {
    const file = procFile(PROC);
    const v = new ProcPlanView(fakeNetlink(table), file);
    await v.read(none);
    const a = await v.read(none);
    writeFileSync(file, PROC.replace("Masq    3      5          7", "Masq    3      6          9"));
    const b = await v.read(none);
    expect(b.unchanged).toBe(true);
    expect(b.state).toBe(a.state);
    expect(b.conns("tcp 10.20.0.100:80", "10.20.0.11:8080")).toEqual({ active: 6, inactive: 9 });
    writeFileSync(file, PROC.replace("Masq    3      5          7", "Masq    4      6          9"));
    const c = await v.read(none);
    expect(c.unchanged).toBeFalsy();
    expect(c.state.services[0]!.dests[0]!.weight).toBe(4);
  });

  it("parses again only the service whose text changed; the others are the objects read before", async () => {
    const file = procFile(PROC);
    const v = new ProcPlanView(fakeNetlink(table), file);
    await v.read(none);
    const a = await v.read(none);
    expect(a.source).toBe("proc");
    writeFileSync(file, PROC.replace("Masq    0      0          1", "Masq    2      0          1"));
    const b = await v.read(none);
    expect(b.source).toBe("proc, 1 services parsed");
    expect(b.state.services[0]!.dests.map((d) => d.weight)).toEqual([3, 2]);
    expect(b.state.services[1]).toBe(a.state.services[1]);
    expect(b.conns("tcp 10.20.0.100:80", "10.20.0.12:8080")).toEqual({ active: 0, inactive: 1 });
    expect(b.conns("tcp 10.20.0.101:443", "10.20.0.21:443")).toEqual({ active: 0, inactive: 0 });
    // back as it was: only the last read's blocks are kept, so that block is parsed once more
    writeFileSync(file, PROC);
    expect((await v.read(none)).source).toBe("proc, 1 services parsed");
    expect((await v.read(none)).source).toBe("proc (unchanged)");
  });

  it("returns the desired service object itself for a service read the same, and only then", async () => {
    const file = procFile(PROC);
    const v = new ProcPlanView(fakeNetlink(table), file);
    await v.read(none);
    // as the planner sees them: nat's 12 has weight 0 in the kernel, 2 here; tun matches
    const wantNat: KernelService = {
      ...nat,
      dests: [
        { ...nat.dests[0]!, upperThreshold: 0 },
        { ...nat.dests[1]!, weight: 2 },
      ],
    };
    const wantTun: KernelService = structuredClone(tun);
    const plain: KernelService = { ...nat, address: "10.20.0.99", dests: [] };
    const desired = new Map([
      [stateServiceKey(wantNat), wantNat],
      [stateServiceKey(wantTun), wantTun],
      [stateServiceKey(plain), plain],
    ]);
    const opts = { ...none, desired: (k: string) => desired.get(k) };
    const a = await v.read(opts);
    expect(a.state.services[0]).not.toBe(wantNat);
    expect(a.state.services[0]!.dests[1]!.weight).toBe(0);
    // persistent: /proc's form is in jiffies, left as read
    expect(a.state.services[1]).not.toBe(wantTun);
    writeFileSync(file, PROC.replace("Masq    0      0          1", "Masq    2      0          1"));
    const b = await v.read(opts);
    expect(b.state.services[0]).toBe(wantNat);
    // a plain non-persistent service matching exactly is interned too on a later read
    expect((await v.read(opts)).state.services[0]).toBe(wantNat);
  });

  it("answers connections by real server whatever order the kernel lists them in", async () => {
    const swapped = PROC.replace(/( {2}-> 0A14000B[^\n]*\n)( {2}-> 0A14000C[^\n]*\n)/, "$2$1");
    expect(swapped).not.toBe(PROC);
    const v = new ProcPlanView(fakeNetlink(table), procFile(swapped));
    await v.read(none);
    const r = await v.read(none);
    expect(r.state.services[0]!.dests.map((d) => d.address)).toEqual(["10.20.0.11", "10.20.0.12"]);
    expect(r.conns("tcp 10.20.0.100:80", "10.20.0.11:8080")).toEqual({ active: 5, inactive: 7 });
    expect(r.conns("tcp 10.20.0.100:80", "10.20.0.12:8080")).toEqual({ active: 0, inactive: 1 });
  });

  it("falls back to netlink when a changed block does not parse", async () => {
    const file = procFile(PROC);
    const nl = fakeNetlink(table);
    const v = new ProcPlanView(nl, file);
    await v.read(none);
    writeFileSync(file, PROC.replace("Masq    0", "Masq    x"));
    expect((await v.read(none)).source).toBe("netlink");
    expect(v.distrust).toMatch(/did not parse|differs/);
  });

  it("is read again when a service it holds is now to be read through netlink", async () => {
    const v = new ProcPlanView(fakeNetlink(table), procFile(PROC));
    await v.read(none);
    await v.read(none);
    const r = await v.read({ full: false, exact: (k) => k === "tcp 10.20.0.100:80" });
    expect(r.unchanged).toBeFalsy();
    expect(r.state.services[0]).toEqual(nat);
  });
});

describe("PlanReader", () => {
  function kernel(): IpvsKernel & { asked: PlanReadOptions[] } {
    const asked: PlanReadOptions[] = [];
    return {
      asked,
      backend: "netlink",
      async readPlanView(o: PlanReadOptions): Promise<PlanView> {
        asked.push(o);
        return { state: table, conns: () => undefined, source: "proc" };
      },
      readWithStats: () => Promise.reject(new Error("unused")),
      read: () => Promise.reject(new Error("unused")),
      apply: () => Promise.reject(new Error("unused")),
      readTimeouts: () => Promise.reject(new Error("unused")),
      close: async () => {},
    };
  }

  it("reads in full at start, every period and after a refusal; exact for desired and last-read hidden attributes", async () => {
    const k = kernel();
    const r = new PlanReader(k, 45_000);
    const wantsFlags: KernelService = { ...tun, address: "10.20.0.102", schedFlags: ["sh-port"], scheduler: "sh", dests: [] };
    const desired: IpvsState = { services: [tun, wantsFlags] };
    await r.read(desired, 0);
    await r.read(desired, 2_000);
    await r.read(desired, 46_000);
    r.readFullNext();
    await r.read(desired, 48_000);
    expect(k.asked.map((o) => o.full)).toEqual([true, false, true, true]);
    const exact = k.asked[1]!.exact;
    // wanted with a scheduler flag; last read with a threshold (nat); neither (tun)
    expect([exact("tcp 10.20.0.102:443"), exact("tcp 10.20.0.100:80"), exact("tcp 10.20.0.101:443")]).toEqual([true, true, false]);
  });
});
