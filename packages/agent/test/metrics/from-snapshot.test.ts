import { describe, expect, it } from "vitest";
import type { IpvsSnapshot } from "../../src/kernel/types.ts";
import { readingFromSnapshot } from "../../src/metrics/from-snapshot.ts";

const zero = { conns: 0, inPkts: 0, outPkts: 0, inBytes: 0, outBytes: 0 };
const rates = { cps: 0, inPps: 0, outPps: 0, inBps: 0, outBps: 0 };

describe("readingFromSnapshot", () => {
  it("keys real servers canonically and takes weights from the table half", () => {
    const snap: IpvsSnapshot = {
      state: {
        services: [
          {
            protocol: "tcp",
            family: "inet6",
            address: "2001:db8::1",
            port: 443,
            scheduler: "wlc",
            schedFlags: [],
            onePacket: false,
            dests: [{ address: "2001:db8:0:0::10", port: 443, forwarding: "route", weight: 7, upperThreshold: 0, lowerThreshold: 0 }],
          },
        ],
      },
      stats: [
        {
          key: "tcp [2001:db8::1]:443",
          counters: { ...zero, conns: 42 },
          rates,
          dests: [{ address: "2001:db8::10", port: 443, activeConns: 3, inactiveConns: 1, persistentConns: 0, counters: { ...zero, conns: 40 }, rates }],
        },
      ],
    };
    const r = readingFromSnapshot(snap, { ...zero, conns: 99 });
    expect(r.services[0]!.dests[0]).toMatchObject({ key: "[2001:db8::10]:443", weight: 7, activeConns: 3, inactiveConns: 1 });
    expect(r.services[0]!.counters.conns).toBe(42);
    expect(r.totals!.conns).toBe(99);
  });
});
