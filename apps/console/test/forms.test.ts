import { describe, expect, it } from "vitest";
import { RealServer, VirtualService } from "@shoal/core/model/index";
import { realServerFromForm, realServerToForm, serviceFromForm, serviceToForm } from "../src/features/forms/convert.ts";
import { checkRealServer, checkService } from "../src/features/forms/validate.ts";

describe("service form <-> core model", () => {
  it("round-trips every field of a full service", () => {
    const vs = VirtualService.parse({
      name: "web",
      protocol: "tcp",
      family: "inet",
      address: "192.0.2.10",
      port: 443,
      vipInterface: "eth0",
      vipLabel: "eth0:1",
      scheduler: "sh",
      schedFlags: ["sh-port"],
      persistence: 300,
      persistenceNetmask: 24,
      persistenceEngine: "sip",
      onePacket: false,
      sorryServer: { address: "192.0.2.99", port: 80 },
      quorum: 2,
      hysteresis: 1,
      enabled: false,
      description: "front",
      healthCheck: {
        type: "https",
        path: "/health",
        expectStatus: [200, 204],
        host: "example.org",
        verifyTls: true,
        interval: 5,
        timeout: 2,
        rise: 2,
        fall: 4,
        onFailure: "remove",
        port: 8443,
      },
    });
    const { realServers: _rs, ...fields } = vs;
    const back = VirtualService.parse({ ...serviceFromForm(serviceToForm(vs)), realServers: [] });
    expect({ ...back, realServers: undefined }).toEqual({ ...fields, realServers: undefined });
  });

  it("drops scheduler flags a scheduler cannot use and fwmark services' address", () => {
    const f = { ...serviceToForm({ scheduler: "sh", schedFlags: ["sh-port"] }), scheduler: "rr" as const };
    expect(serviceFromForm(f).schedFlags).toEqual([]);
    const fw = { ...serviceToForm({ address: "192.0.2.1", port: 80 }), protocol: "fwmark" as const, fwmark: "7" };
    expect(serviceFromForm(fw)).toMatchObject({ protocol: "fwmark", fwmark: 7, address: undefined, port: undefined });
  });

  it("round-trips a tunnel real server with its own health check", () => {
    const rs = RealServer.parse({
      address: "10.0.0.5",
      port: 80,
      forwarding: "tunnel",
      tunnel: { type: "gue", port: 6080, csum: "remcsum" },
      weight: 5,
      upperThreshold: 100,
      lowerThreshold: 10,
      enabled: true,
      name: "a",
      healthCheck: { type: "tcp" },
    });
    const { id: _id, ...expected } = rs;
    expect(RealServer.parse(realServerFromForm(realServerToForm(rs)))).toEqual(expected);
  });
});

describe("form checks use core's diagnostics, keyed by form field", () => {
  it("a DR real server on another port gets its message on the port field, in both languages", () => {
    const service = { protocol: "tcp" as const, address: "192.0.2.10", port: 80 };
    const d = checkRealServer(service, [], realServerFromForm({ ...realServerToForm(), address: "10.0.0.12", port: "8080", forwarding: "route" }));
    const port = d.get("port")?.[0];
    expect(port?.severity).toBe("error");
    expect(port?.message.en).toContain("80");
    expect(port?.message.zh.length).toBeGreaterThan(0);
  });

  it("a bad VIP is reported on the address field; empty numbers are unset, not zero", () => {
    const d = checkService({ ...serviceFromForm({ ...serviceToForm(), address: "300.1.1.1", port: "80", persistence: "" }), realServers: [] });
    expect(d.get("address")?.[0]?.severity).toBe("error");
    expect(d.has("persistence")).toBe(false);
  });
});
