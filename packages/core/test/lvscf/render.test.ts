import { describe, expect, test } from "vitest";
import { Cluster } from "../../src/index.ts";
import { parseLvsCf, projectForLvsCf, renderLvsCf } from "../../src/lvscf/index.ts";

describe("renderLvsCf", () => {
  const mixed = Cluster.parse({
    name: "mixed",
    virtualServices: [
      {
        name: "web",
        address: "192.0.2.1",
        port: 80,
        scheduler: "sed",
        healthCheck: { type: "http", path: "/ping", expectStatus: [204, 200], host: "www" },
        realServers: [
          { address: "10.0.1.1", port: 8080, forwarding: "masq" },
          { address: "10.0.1.2", port: 80, forwarding: "route" },
        ],
      },
      { name: "v6", family: "inet6", address: "2001:db8::1", port: 80 },
      { name: "sig", protocol: "sctp", address: "192.0.2.2", port: 3868 },
    ],
  });

  test("one network for the cluster: the first real server's method, with a note in the file", () => {
    const text = renderLvsCf(mixed);
    expect(text).toMatch(/^network = nat$/m);
    expect(text).toContain("# Some real servers use another forwarding method in Shoal: lvs.cf has one network (nat).");
    const p = projectForLvsCf(mixed);
    expect(p.virtualServices[0]!.realServers.map((r) => r.forwarding)).toEqual(["masq", "masq"]);
  });

  test("an HTTP check becomes nanny send/expect with a status-line regex", () => {
    const text = renderLvsCf(mixed);
    expect(text).toContain('send = "GET /ping HTTP/1.0\\r\\nHost: www\\r\\n\\r\\n"');
    expect(text).toContain('expect = "^HTTP/1\\.[01] (200|204)"');
    expect(text).toContain("use_regex = 1");
  });

  test("a scheduler Piranha does not know becomes wlc, said in the file", () => {
    const text = renderLvsCf(mixed);
    expect(text).toContain("# Shoal scheduler sed is unknown to Piranha: wlc is used.");
    expect(text).toMatch(/^\s+scheduler = wlc$/m);
  });

  test("IPv6 and SCTP services are left out", () => {
    const r = parseLvsCf(renderLvsCf(mixed));
    expect(r.ok && r.value.virtualServices.map((s) => s.name)).toEqual(["web"]);
  });

  test("a value holding a double quote is written in single quotes", () => {
    const c = Cluster.parse({ name: "q", virtualServices: [{ name: "q", address: "192.0.2.9", port: 7, healthCheck: { type: "send-expect", send: 'say "hi"', expect: "hi" } }] });
    const text = renderLvsCf(c);
    expect(text).toContain(`send = 'say "hi"'`);
    const r = parseLvsCf(text);
    expect(r.ok && r.value.virtualServices[0]!.healthCheck).toMatchObject({ send: 'say "hi"' });
  });
});
