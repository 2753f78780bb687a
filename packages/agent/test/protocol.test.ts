import { describe, expect, it } from "vitest";
import { parseRevisionMessage } from "../src/console/protocol.ts";

describe("revision messages", () => {
  it("parses a console revision into core's Cluster (defaults filled)", () => {
    const m = parseRevisionMessage({ revision: 3, cluster: { name: "c", virtualServices: [{ address: "10.0.1.100", port: 80 }] } }, "console");
    expect(m.cluster.virtualServices[0]).toMatchObject({ scheduler: "wlc", protocol: "tcp" });
  });
  it("refuses a bad message with the path of what is wrong, so nothing half-valid is applied", () => {
    expect(() => parseRevisionMessage({ revision: 3, cluster: { name: "c", virtualServices: [{ address: "10.0.1.300", port: 70000 }] } }, "console")).toThrow(
      /^console sent an invalid revision: cluster\.virtualServices\.0\.address: not an IPv4 or IPv6 address; cluster\.virtualServices\.0\.port/,
    );
    expect(() => parseRevisionMessage({ cluster: {} }, "revision file /x")).toThrow(/^revision file \/x sent an invalid revision: revision/);
  });
});
