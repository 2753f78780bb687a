import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Cluster, desiredState, stateDestKey } from "../../src/index.ts";

// Addresses that are prefixes of each other ("10.0.0.1" / "10.0.0.10") and ports whose digit
// strings order differently from their values (80 / 8080 / 9), where destKey order is subtle.
const addr = fc.constantFrom("10.0.0.1", "10.0.0.10", "10.0.0.100", "10.0.0.11", "10.0.0.2", "10.0.1.1", "9.0.0.1", "100.0.0.1", "2001:db8::1", "2001:db8::10");
const port = fc.constantFrom(0, 9, 80, 8080, 443, 65535, 1);

describe("desiredState orders real servers by destKey (string order)", () => {
  it("whatever the input order, including inputs already in order", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(addr, port), { maxLength: 12, selector: ([a, p]) => `${a} ${p}` }), fc.boolean(), (pairs, presort) => {
        const rs = pairs.map(([address, p]) => ({ address, port: p, forwarding: "masq" as const }));
        if (presort) rs.sort((a, b) => (stateDestKey(a) < stateDestKey(b) ? -1 : stateDestKey(a) > stateDestKey(b) ? 1 : 0));
        const v6 = rs.filter((r) => r.address.includes(":"));
        const v4 = rs.filter((r) => !r.address.includes(":"));
        for (const [family, list] of [
          ["inet", v4],
          ["inet6", v6],
        ] as const) {
          const cluster = Cluster.parse({
            name: "c",
            virtualServices: [{ protocol: "tcp", family, address: family === "inet" ? "10.9.9.9" : "2001:db8::99", port: 80, realServers: list }],
          });
          const keys = desiredState(cluster).services[0]!.dests.map(stateDestKey);
          expect(keys).toEqual([...keys].sort());
          expect(keys).toHaveLength(list.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
