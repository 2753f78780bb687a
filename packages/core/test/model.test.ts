import { describe, expect, it } from "vitest";
import { Cluster, desiredState, serviceKey } from "../src/index.ts";

describe("model", () => {
  it("parses a minimal cluster with defaults and canonical addresses", () => {
    const c = Cluster.parse({
      name: "web",
      virtualServices: [
        {
          address: "2001:DB8:0:0::1",
          family: "inet6",
          port: 80,
          realServers: [{ address: "2001:db8::11", port: 80 }],
        },
      ],
    });
    const vs = c.virtualServices[0]!;
    expect(vs.address).toBe("2001:db8::1");
    expect(vs.scheduler).toBe("wlc");
    expect(vs.realServers[0]!.forwarding).toBe("route");
    expect(serviceKey(vs)).toBe("tcp [2001:db8::1]:80");
  });

  it("rejects a malformed VIP with the field path", () => {
    const r = Cluster.safeParse({ name: "x", virtualServices: [{ address: "10.0.0.300", port: 80 }] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["virtualServices", 0, "address"]);
  });

  it("desired state skips disabled parts and brings in the sorry server when nobody is up", () => {
    const c = Cluster.parse({
      name: "web",
      virtualServices: [
        { address: "10.0.0.1", port: 80, sorryServer: { address: "10.0.9.9", port: 80 }, realServers: [{ address: "10.0.1.1", port: 80, enabled: false }] },
        { address: "10.0.0.2", port: 80, enabled: false },
      ],
    });
    const s = desiredState(c);
    expect(s.services).toHaveLength(1);
    expect(s.services[0]!.dests.map((d) => d.address)).toEqual(["10.0.9.9"]);
  });
});
