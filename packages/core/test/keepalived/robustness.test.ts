import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Cluster, type Diagnostic, type ParseResult } from "../../src/index.ts";
import { parseKeepalivedConf, renderKeepalivedConf } from "../../src/keepalived/index.ts";
import { haClusterInput } from "../support/arbitraries-ha.ts";

/** Every complaint points into the text and says why in both languages. */
export function expectLocated(text: string, r: ParseResult<unknown>): void {
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
  "virtual_server",
  "real_server",
  "vrrp_instance",
  "global_defs",
  "10.0.0.1",
  "2001:db8::1",
  "80",
  "-1",
  "99999999999",
  "fwmark",
  "group",
  "lvs_sched",
  "lb_algo",
  "wlc",
  "lvs_method",
  "TUN",
  "type",
  "gue",
  "port",
  "NAT",
  "weight",
  "TCP_CHECK",
  "HTTP_GET",
  "url",
  "path",
  "status_code",
  "200-299",
  "MISC_CHECK",
  "misc_path",
  '"/bin/x %h"',
  '"',
  "#",
  "!",
  "include",
  "virtual_ipaddress",
  "10.0.0.1/33",
  "dev",
  "label",
  "lvs_sync_daemon",
  "lvs_timeouts",
  "tcp",
  "id",
  "protocol",
  "UDP",
  "persistence_granularity",
  "255.255.0.255",
  "quorum",
  "sorry_server",
  "\t",
  "state",
  "MASTER",
  "priority",
  "@main",
);

const tokenLines = fc
  .array(
    fc.array(vocabulary, { maxLength: 6 }).map((ws) => ws.join(" ")),
    { maxLength: 40 },
  )
  .map((ls) => ls.join("\n"));

const mutation = fc.record({
  at: fc.nat(),
  len: fc.integer({ min: 0, max: 12 }),
  insert: fc.constantFrom("", "{", "}", '"', "#", "\n", "x", " 7", "}\n}", "real_server 1.2.3.4 {"),
});

function mutate(text: string, m: { at: number; len: number; insert: string }): string {
  const i = text.length ? m.at % text.length : 0;
  return text.slice(0, i) + m.insert + text.slice(i + m.len);
}

describe("parseKeepalivedConf never throws and always locates what it reports", () => {
  test("arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: "binary" }), (t) => expectLocated(t, parseKeepalivedConf(t))),
      { numRuns: 300 },
    );
  });

  test("keyword soup", () => {
    fc.assert(
      fc.property(tokenLines, (t) => expectLocated(t, parseKeepalivedConf(t))),
      { numRuns: 300 },
    );
  });

  test("rendered files with random edits", () => {
    fc.assert(
      fc.property(haClusterInput(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (c, ms) => {
        const t = ms.reduce(mutate, renderKeepalivedConf(Cluster.parse(c)));
        expectLocated(t, parseKeepalivedConf(t));
      }),
      { numRuns: 150 },
    );
  });
});

test("a flood of problems is cut short with one line saying so", () => {
  const r = parseKeepalivedConf("a " + "{".repeat(5000));
  expect(r.ok).toBe(false);
  const errors = r.ok ? [] : r.errors;
  expect(errors.length).toBe(201);
  expect(errors[200]).toMatchObject({ code: "keepalived.too-many", line: 1 });
  expect(errors[200]!.message.zh).toContain("200");
});

test("Unicode spaces (no-break, ideographic, line separator, BOM) neither hang nor crash", () => {
  for (const sp of ["\u00a0", "\u3000", "\u2028", "\ufeff", "\u0085"]) {
    const text = `virtual_server${sp}10.0.0.1 80 {\n    protocol${sp}TCP\n    lvs_sched wlc${sp}\n}\n${sp}\n`;
    expectLocated(text, parseKeepalivedConf(text));
  }
});
