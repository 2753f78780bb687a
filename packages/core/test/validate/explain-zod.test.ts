import { describe, expect, it } from "vitest";
import { Cluster, explainZodError } from "../../src/index.ts";

function explain(input: unknown, withRoot = true) {
  const r = Cluster.safeParse(input);
  if (r.success) throw new Error("expected a schema error");
  return explainZodError(r.error, withRoot ? input : undefined);
}

const find = (ds: ReturnType<typeof explain>, path: (string | number)[]) => ds.find((d) => JSON.stringify(d.path) === JSON.stringify(path));

describe("explainZodError", () => {
  const input = {
    name: "web",
    virtualServices: [{ address: "10.0.0.300", port: 70000, protocol: "icmp", realServers: [{ port: "80", weight: 1.5, healthCheck: { type: "ping" } }] }],
  };
  const ds = explain(input);

  it("gives one error per issue, each with its path and a stable code", () => {
    expect(ds.length).toBeGreaterThanOrEqual(6);
    for (const d of ds) {
      expect(d.severity).toBe("error");
      expect(d.code).toMatch(/^schema\./);
      expect(d.path!.length).toBeGreaterThan(0);
    }
  });

  it("says the limit and the value that broke it, in both languages", () => {
    const port = find(ds, ["virtualServices", 0, "port"])!;
    expect(port.message.en).toBe("Port must be at most 65535 (got 70000).");
    expect(port.message.zh).toBe("端口不能大于 65535（当前为 70000）。");
  });

  it("translates the model's own refinements", () => {
    const addr = find(ds, ["virtualServices", 0, "address"])!;
    expect(addr.message.en).toContain("not an IPv4 or IPv6 address");
    expect(addr.message.zh).toContain("不是有效的 IPv4 或 IPv6 地址");
    expect(addr.message.zh).toContain("10.0.0.300");
  });

  it("lists the allowed choices of an enum and of a discriminated union", () => {
    expect(find(ds, ["virtualServices", 0, "protocol"])!.message.zh).toContain("tcp、udp、sctp、fwmark");
    const type = find(ds, ["virtualServices", 0, "realServers", 0, "healthCheck", "type"])!;
    expect(type.message.en).toContain("http");
    expect(type.message.en).toContain('"ping"');
  });

  it("tells a missing field from a wrongly typed one", () => {
    expect(find(ds, ["virtualServices", 0, "realServers", 0, "address"])!.message.zh).toBe("必须填写地址。");
    expect(find(ds, ["virtualServices", 0, "realServers", 0, "port"])!.message.en).toBe('Port must be a number (got "80").');
    expect(find(ds, ["virtualServices", 0, "realServers", 0, "weight"])!.message.en).toContain("whole number");
  });

  it("still knows a missing field without the input at hand", () => {
    const bare = explain({ virtualServices: [] }, false);
    expect(find(bare, ["name"])!.message.en).toBe("Name is required.");
  });
});
