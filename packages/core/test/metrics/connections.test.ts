import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ConnectionListing, connectionServiceKey, listConnections } from "../../src/metrics/connections.ts";
import type { KernelConnection } from "../../src/model/ipvs-state.ts";

const conn = (over: Partial<KernelConnection> = {}): KernelConnection => ({
  protocol: "TCP",
  expiresInSeconds: 890,
  state: "ESTABLISHED",
  clientAddress: "192.0.2.7",
  clientPort: 40000,
  virtualAddress: "10.0.0.1",
  virtualPort: 80,
  destAddress: "10.0.1.1",
  destPort: 80,
  ...over,
});

describe("listConnections", () => {
  const table = [
    conn(),
    conn({ destAddress: "10.0.1.2", state: "FIN_WAIT", clientPort: 40001 }),
    conn({ protocol: "UDP", virtualPort: 53, destPort: 53, state: "UDP" }),
    conn({ virtualAddress: "2001:db8::1", destAddress: "2001:db8::10", clientAddress: "2001:db8::99" }),
  ];

  it("filters by service, real server, client and state, as the table view asks", () => {
    expect(listConnections(table, { service: "tcp 10.0.0.1:80" }, 1).total).toBe(2);
    expect(listConnections(table, { service: "udp 10.0.0.1:53" }, 1).connections).toEqual([table[2]]);
    expect(listConnections(table, { service: "tcp [2001:db8::1]:80", dest: "[2001:db8::10]:80" }, 1).total).toBe(1);
    expect(listConnections(table, { state: "fin_wait" }, 1).connections).toEqual([table[1]]);
    expect(listConnections(table, { client: "2001:db8::99" }, 1).total).toBe(1);
  });

  it("caps the answer and says so", () => {
    const r = listConnections(table, { limit: 2 }, 1_700_000_000_000);
    expect(r).toMatchObject({ total: 4, truncated: true });
    expect(r.connections).toHaveLength(2);
    expect(ConnectionListing.safeParse(r).success).toBe(true);
  });

  it("rejects a bad query", () => {
    expect(() => listConnections(table, { limit: 0 }, 1)).toThrow();
  });

  it("property: every listed connection matches and total counts them all", () => {
    const arb = fc.record({
      protocol: fc.constantFrom("TCP", "UDP"),
      expiresInSeconds: fc.nat(900),
      state: fc.constantFrom("ESTABLISHED", "SYN_RECV", "UDP"),
      clientAddress: fc.constantFrom("192.0.2.1", "192.0.2.2"),
      clientPort: fc.nat(65535),
      virtualAddress: fc.constantFrom("10.0.0.1", "10.0.0.2"),
      virtualPort: fc.constantFrom(80, 443),
      destAddress: fc.constantFrom("10.0.1.1", "10.0.1.2"),
      destPort: fc.constantFrom(80, 8080),
    });
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 50 }), fc.integer({ min: 1, max: 10 }), (all, limit) => {
        const r = listConnections(all, { service: "tcp 10.0.0.1:80", limit }, 1);
        const want = all.filter((c) => connectionServiceKey(c) === "tcp 10.0.0.1:80");
        expect(r.total).toBe(want.length);
        expect(r.connections).toEqual(want.slice(0, limit));
      }),
    );
  });
});
