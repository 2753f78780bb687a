import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Cluster, parseBackup, renderBackup } from "../../src/index.ts";
import { clusterInput } from "../support/arbitraries.ts";

const cluster = Cluster.parse({
  name: "web",
  directors: [{ name: "lvs1", managementAddress: "192.0.2.10", privateAddress: "10.0.2.1/24" }],
  virtualServices: [{ address: "192.0.2.100", port: 80, realServers: [{ address: "10.0.2.21", port: 8080, forwarding: "masq" }] }],
});

function errorsOf(text: string) {
  const r = parseBackup(text);
  if (r.ok) throw new Error("expected errors");
  return r.errors;
}

/** 1-based line/column of the first occurrence of `needle` in `text`. */
function where(text: string, needle: string, nth = 0) {
  let at = -1;
  for (let k = 0; k <= nth; k++) at = text.indexOf(needle, at + 1);
  const before = text.slice(0, at).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

describe("renderBackup", () => {
  it("writes the format header first and no time stamp unless asked", () => {
    const text = renderBackup(cluster);
    expect(text.startsWith('{\n  "format": "shoal-backup",\n  "version": 1,\n  "cluster": {')).toBe(true);
    expect(text).not.toContain("exportedAt");
    expect(renderBackup(cluster, { exportedAt: "2026-11-22T03:00:00Z" })).toContain('"exportedAt": "2026-11-22T03:00:00Z"');
  });
});

describe("parseBackup", () => {
  it("round-trips generated clusters exactly", () => {
    fc.assert(
      fc.property(clusterInput(), (input) => {
        const c = Cluster.parse(input);
        const r = parseBackup(renderBackup(c));
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value).toEqual(c);
      }),
      { numRuns: 200 },
    );
  });

  it("locates a JSON syntax error by line and column", () => {
    const good = renderBackup(cluster);
    const bad = good.replace('"port": 80,', '"port": 80');
    const [e] = errorsOf(bad);
    expect(e!.code).toBe("backup.json-syntax");
    // The reader stops at the next property name, the line after the missing comma.
    expect({ line: e!.line, column: e!.column }).toEqual(where(bad, '"scheduler"'));
    expect(e!.message.en).toContain('expected "," or "}"');
    expect(e!.message.zh).toContain("对象中此处应为");
  });

  it("locates an unterminated string at its opening quote, and truncation at the end", () => {
    const [e] = errorsOf('{\n  "format": "shoal-backup,\n  "version": 1\n}');
    expect(e!.line).toBe(2);
    expect(e!.message.en).toContain("not closed");
    const full = renderBackup(cluster);
    const cut = full.slice(0, full.indexOf('"cluster": {') + '"cluster": {'.length);
    const [t] = errorsOf(cut);
    expect(t!.message.en).toContain("the end of the file");
    expect({ line: t!.line, column: t!.column }).toEqual({ line: 4, column: cut.split("\n")[3]!.length + 1 });
  });

  it("says when the file is not a backup, and suggests the wrapper for a bare cluster", () => {
    const [e] = errorsOf(JSON.stringify({ name: "x", virtualServices: [] }));
    expect(e!.code).toBe("backup.format");
    expect(e!.message.en).toContain("bare cluster");
    expect(e!.line).toBe(1);
  });

  it("tells a newer version from an unsupported one", () => {
    expect(errorsOf(renderBackup(cluster).replace('"version": 1', '"version": 2'))[0]!.code).toBe("backup.version-newer");
    const [e] = errorsOf(renderBackup(cluster).replace('"version": 1', '"version": "1"'));
    expect(e!.code).toBe("backup.version");
    expect(e!.line).toBe(3);
  });

  it("explains schema errors in both languages at the line of the bad value", () => {
    const bad = renderBackup(cluster).replace('"port": 8080', '"port": 80800');
    const [e] = errorsOf(bad);
    expect(e!.path).toEqual(["virtualServices", 0, "realServers", 0, "port"]);
    expect(e!.message.en).toBe("Port must be at most 65535 (got 80800).");
    expect(e!.message.zh).toBe("端口不能大于 65535（当前为 80800）。");
    expect({ line: e!.line, column: e!.column }).toEqual({ ...where(bad, "80800") });
  });

  it("points a missing field at its parent object", () => {
    const bad = renderBackup(cluster).replace(/\n\s*"address": "10.0.2.21",/, "");
    const [e] = errorsOf(bad);
    expect(e!.path).toEqual(["virtualServices", 0, "realServers", 0, "address"]);
    expect(e!.line).toBe(where(bad, '"port": 8080').line - 1);
  });

  it("refuses a cluster that fails validation, with the rule's diagnostic located", () => {
    const bad = renderBackup(
      Cluster.parse({ ...cluster, virtualServices: [{ ...cluster.virtualServices[0]!, realServers: [{ address: "192.0.2.21", port: 8080, forwarding: "route" }] }] }),
    );
    const errs = errorsOf(bad);
    expect(errs.map((e) => e.code)).toEqual(["route-port-mapping"]);
    expect(errs[0]!.line).toBe(where(bad, '"port": 8080').line);
  });

  it("passes validation warnings through on success", () => {
    const r = parseBackup(renderBackup(Cluster.parse({ ...cluster, directors: [] })));
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual(["nat-no-dip"]);
    expect(r.warnings[0]!.line).toBeGreaterThan(1);
  });

  it("keeps a __proto__ key as plain data", () => {
    const text = renderBackup(cluster).replace('"name": "web",', '"name": "web", "__proto__": {"polluted": true},');
    const r = parseBackup(text);
    expect(r.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("parseBackup edge cases", () => {
  it("accepts a byte-order mark, as Windows editors write one", () => {
    expect(parseBackup(`\ufeff${renderBackup(cluster)}`).ok).toBe(true);
  });
  it("locates an error in a file whose JSON only the slow reader sees (BOM + bad value)", () => {
    const text = `\ufeff${renderBackup(cluster).replace('"port": 8080', '"port": -8')}`;
    const [e] = errorsOf(text);
    expect(e!.path).toEqual(["virtualServices", 0, "realServers", 0, "port"]);
    expect(e!.line).toBe(where(text, '"port": -8').line);
  });
  it("refuses nesting too deep to be a cluster, with a position, instead of overflowing the stack", () => {
    const [e] = errorsOf("[".repeat(100_000));
    expect(e!.code).toBe("backup.json-syntax");
    expect(e!.line).toBe(1);
  });
});
