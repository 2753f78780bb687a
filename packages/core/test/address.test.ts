import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import { canonicalAddress, familyOf } from "../src/index.ts";

/** What the two functions answered before their dotted-quad shortcut: ipaddr.js alone. */
function slowFamily(a: string): "inet" | "inet6" | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(a)) return "inet";
  if (!a.includes(":")) return undefined;
  return ipaddr.IPv6.isValid(a) ? "inet6" : undefined;
}
function slowCanonical(a: string): string {
  const f = slowFamily(a);
  if (f === "inet") return ipaddr.IPv4.parse(a).toString();
  if (f === "inet6") return ipaddr.IPv6.parse(a).toRFC5952String();
  return a;
}

// octets as an operator might type them: in range, out of range, with leading zeros, hex, empty
const octet = fc.oneof(
  fc.integer({ min: 0, max: 255 }).map(String),
  fc.integer({ min: 256, max: 999 }).map(String),
  fc.integer({ min: 0, max: 99 }).map((n) => `0${n}`),
  fc.constantFrom("", "0x1f", "-1", " 1", "1 "),
);
const dotted = fc.array(octet, { minLength: 3, maxLength: 5 }).map((o) => o.join("."));

describe("address family and canonical form", () => {
  it("answer as ipaddr.js does for dotted strings, canonical or not", () => {
    fc.assert(
      fc.property(dotted, (a) => {
        expect(familyOf(a)).toBe(slowFamily(a));
        expect(canonicalAddress(a)).toBe(slowCanonical(a));
      }),
      { numRuns: 5000 },
    );
  });

  it("keeps the edge octets and refuses what is not an address", () => {
    for (const a of ["0.0.0.0", "255.255.255.255", "10.0.0.1", "199.200.249.250"]) expect([familyOf(a), canonicalAddress(a)]).toEqual(["inet", a]);
    for (const a of ["256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.4 "]) expect(familyOf(a)).toBe(slowFamily(a));
    expect(canonicalAddress("2001:DB8:0:0::1")).toBe("2001:db8::1");
  });
});
