import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Cluster, type Diagnostic, type ParseResult } from "../../src/index.ts";
import { parseLvsCf, renderLvsCf } from "../../src/lvscf/index.ts";
import { haClusterInput } from "../support/arbitraries-ha.ts";

function expectLocated(text: string, r: ParseResult<unknown>): void {
  const lines = text.split("\n").length;
  const all: Diagnostic[] = [...(r.ok ? [] : r.errors), ...r.warnings];
  if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
  for (const d of all) {
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lines);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.message.en.length).toBeGreaterThan(0);
    expect(d.message.zh.length).toBeGreaterThan(0);
  }
}

const vocabulary = fc.constantFrom(
  "{",
  "}",
  "=",
  "virtual",
  "server",
  "failover",
  "web",
  "address",
  "10.0.0.1",
  "eth0:1",
  "port",
  "80",
  "x80",
  "active",
  "1",
  "2",
  "network",
  "nat",
  "bogus",
  "primary",
  "backup",
  "backup_active",
  "send",
  '"GET /"',
  "'",
  '"',
  "expect",
  "send_program",
  "fwmark",
  "scheduler",
  "wlc",
  "sed",
  "persistent",
  "pmask",
  "255.0.255.0",
  "protocol",
  "sctp",
  "weight",
  "#",
  "syncd_id",
  "300",
  "2001:db8::1",
);
const tokenLines = fc
  .array(
    fc.array(vocabulary, { maxLength: 5 }).map((ws) => ws.join(" ")),
    { maxLength: 40 },
  )
  .map((ls) => ls.join("\n"));
const mutation = fc.record({ at: fc.nat(), len: fc.integer({ min: 0, max: 12 }), insert: fc.constantFrom("", "{", "}", '"', "'", "=", "#", "\n", "x", " 7", "}\n}") });
function mutate(text: string, m: { at: number; len: number; insert: string }): string {
  const i = text.length ? m.at % text.length : 0;
  return text.slice(0, i) + m.insert + text.slice(i + m.len);
}

describe("parseLvsCf never throws and always locates what it reports", () => {
  test("arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: "binary" }), (t) => expectLocated(t, parseLvsCf(t))),
      { numRuns: 300 },
    );
  });
  test("keyword soup", () => {
    fc.assert(
      fc.property(tokenLines, (t) => expectLocated(t, parseLvsCf(t))),
      { numRuns: 300 },
    );
  });
  test("rendered files with random edits", () => {
    fc.assert(
      fc.property(haClusterInput(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (c, ms) => {
        const t = ms.reduce(mutate, renderLvsCf(Cluster.parse(c)));
        expectLocated(t, parseLvsCf(t));
      }),
      { numRuns: 150 },
    );
  });
});

test("Unicode spaces (no-break, ideographic, line separator, BOM) neither hang nor crash", () => {
  for (const sp of ["\u00a0", "\u3000", "\u2028", "\ufeff", "\u0085"]) {
    const text = `virtual${sp}web {\n address =${sp}10.0.0.1 eth0\n${sp}port = 80${sp}\n}\n${sp}\n`;
    expectLocated(text, parseLvsCf(text));
  }
});
