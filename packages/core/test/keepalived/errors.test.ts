import { describe, expect, test } from "vitest";
import { parseKeepalivedConf } from "../../src/keepalived/index.ts";

function errorsOf(text: string) {
  const r = parseKeepalivedConf(text);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.errors;
}

const vs = (body: string) => `virtual_server 10.0.0.1 80 {\n    protocol TCP\n${body}\n}\n`;

describe("keepalived.conf errors name the line, the column and why, in en and zh", () => {
  test("a '}' that closes nothing", () => {
    const [e] = errorsOf("global_defs {\n}\n  }\n");
    expect(e).toMatchObject({ severity: "error", code: "keepalived.unbalanced-brace", line: 3, column: 3 });
    expect(e!.message.zh).toContain("}");
  });

  test("a block never closed points at where it was opened", () => {
    const errs = errorsOf("virtual_server 10.0.0.1 80 {\n    protocol TCP\n    real_server 10.0.0.2 80 {\n        weight 1\n");
    expect(errs.map((e) => [e.code, e.line, e.column])).toEqual([
      ["keepalived.unclosed-block", 3, 5],
      ["keepalived.unclosed-block", 1, 1],
    ]);
  });

  test("a keyword missing its value", () => {
    const [e] = errorsOf("vrrp_instance VI_1 {\n    interface eth0\n    priority\n}\n");
    expect(e).toMatchObject({ code: "keepalived.missing-value", line: 3, column: 13 });
    expect(e!.message.en).toContain("priority");
  });

  test("a weight that is not a number", () => {
    const [e] = errorsOf(vs("    real_server 10.0.0.2 80 {\n        weight heavy\n    }"));
    expect(e).toMatchObject({ code: "keepalived.bad-number", line: 4, column: 16 });
    expect(e!.message.en).toContain("'heavy'");
    expect(e!.message.zh).toContain("整数");
  });

  test("an address that is not one", () => {
    const [e] = errorsOf(vs("    real_server 10.0.0.300 80 {\n        weight 1\n    }"));
    expect(e).toMatchObject({ code: "keepalived.bad-address", line: 3, column: 17 });
  });

  test("a quote left open", () => {
    const [e] = errorsOf(vs('    real_server 10.0.0.2 80 {\n        MISC_CHECK {\n            misc_path "/bin/check\n        }\n    }'));
    expect(e).toMatchObject({ code: "keepalived.unterminated-quote", line: 5, column: 23 });
  });

  test("a scheduler the kernel does not ship is an error at its word", () => {
    const [e] = errorsOf(vs("    lvs_sched fastest"));
    expect(e).toMatchObject({ code: "keepalived.unknown-scheduler", line: 3, column: 15 });
  });

  test("a vrrp_instance without interface is reported at the instance", () => {
    const [e] = errorsOf("vrrp_instance VI_1 {\n    virtual_router_id 5\n}\n");
    expect(e).toMatchObject({ code: "keepalived.invalid-value", line: 1, column: 1 });
    expect(e!.path).toEqual(["vrrp", "interface"]);
  });

  test("a bad tunnel type and a bad lvs_method", () => {
    const errs = errorsOf(vs("    lvs_method TUN type vxlan\n    real_server 10.0.0.2 80 {\n        lvs_method MASQ\n    }"));
    expect(errs.map((e) => [e.code, e.line])).toEqual([
      ["keepalived.bad-tunnel", 3],
      ["keepalived.bad-method", 5],
    ]);
  });
});

describe("keepalived.conf warnings: reported, never silently dropped", () => {
  const warningsOf = (text: string) => {
    const r = parseKeepalivedConf(text);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.warnings.map((w) => `${w.code} ${w.line}:${w.column}`);
  };

  test("unknown keywords at every level", () => {
    expect(warningsOf(`frobnicate 1\n${vs("    wibble\n    real_server 10.0.0.2 80 {\n        wobble 2\n        TCP_CHECK {\n            wubble\n        }\n    }")}`)).toEqual([
      "keepalived.unknown-keyword 1:1",
      "keepalived.unknown-keyword 4:5",
      "keepalived.unknown-keyword 6:9",
      "keepalived.unknown-keyword 8:13",
    ]);
  });

  test("checkers and groups Shoal does not support", () => {
    expect(
      warningsOf(`virtual_server_group G {\n    10.0.0.1 80\n}\nvirtual_server group G {\n}\n${vs("    real_server 10.0.0.2 80 {\n        SMTP_CHECK {\n        }\n    }")}`),
    ).toEqual(["keepalived.unsupported-group 1:1", "keepalived.unsupported-group 4:1", "keepalived.unsupported-checker 9:9"]);
  });

  test("a virtual_server without protocol is UDP, as keepalived makes it", () => {
    const r = parseKeepalivedConf("virtual_server 10.0.0.1 53 {\n    lvs_sched rr\n}\n");
    expect(r.ok && r.value.virtualServices[0]!.protocol).toBe("udp");
    expect(r.warnings.map((w) => w.code)).toEqual(["keepalived.no-protocol"]);
  });

  test("a second vrrp_instance and a second checker are reported", () => {
    const text = `vrrp_instance A {\n    interface eth0\n    virtual_router_id 1\n}\nvrrp_instance B {\n    interface eth1\n    virtual_router_id 2\n}\n${vs("    real_server 10.0.0.2 80 {\n        TCP_CHECK {\n        }\n        TCP_CHECK {\n        }\n    }")}`;
    expect(warningsOf(text)).toEqual(["keepalived.extra-vrrp-instance 5:1", "keepalived.extra-checker 14:9", "keepalived.director-address 1:1"]);
  });
});

describe("older keepalived spellings", () => {
  test("lvs_sync_daemon_interface (1.x) is the sync daemon's interface", () => {
    const r = parseKeepalivedConf("global_defs {\n    lvs_sync_daemon_interface eth1\n}\n");
    expect(r.ok && r.value.syncDaemon).toEqual({ enabled: true, interface: "eth1", syncId: 0 });
    expect(r.warnings).toEqual([]);
  });
});

test("a virtual_server line with more than address and port", () => {
  const r = parseKeepalivedConf("virtual_server 10.0.0.1 80 tcp {\n    protocol TCP\n}\n");
  expect(r.ok).toBe(false);
  expect(!r.ok && r.errors.map((e) => `${e.code} ${e.line}:${e.column}`)).toEqual(["keepalived.extra-value 1:28"]);
});

test("lvs_method and delay_loop written after a real_server still apply to it (keepalived resolves them at the end)", () => {
  const r = parseKeepalivedConf(
    "virtual_server 10.0.0.1 80 {\n    protocol TCP\n    real_server 10.0.0.2 80 {\n        TCP_CHECK {\n        }\n    }\n    lvs_method DR\n    delay_loop 9\n    real_server 10.0.0.3 80 {\n        TCP_CHECK {\n        }\n    }\n}\n",
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const vs = r.value.virtualServices[0]!;
  expect(vs.realServers.map((x) => x.forwarding)).toEqual(["route", "route"]);
  expect(vs.healthCheck).toMatchObject({ type: "tcp", interval: 9 });
  expect(vs.realServers.every((x) => x.healthCheck === undefined)).toBe(true);
});

describe("IPv6 with the port glued on (issue 21, point 5)", () => {
  test("virtual_server 2001:db8::1:80 is an error at its line that shows keepalived's spelling", () => {
    const r = parseKeepalivedConf("virtual_server 2001:db8::1:80 {\n    protocol TCP\n    real_server 2001:db8::10 80 {\n    }\n}\n");
    expect(r.ok).toBe(false);
    const e = !r.ok ? r.errors : [];
    expect(e.map((d) => [d.code, d.line, d.column])).toEqual([["keepalived.ipv6-port", 1, 16]]);
    expect(e[0]!.message.en).toContain("'virtual_server 2001:db8::1 80'");
    expect(e[0]!.message.zh).toContain("'virtual_server 2001:db8::1 80'");
  });
  test("a real_server [2001:db8::10]:8080 likewise", () => {
    const r = parseKeepalivedConf("virtual_server 2001:db8::1 80 {\n    protocol TCP\n    real_server [2001:db8::10]:8080 {\n    }\n}\n");
    expect(!r.ok && r.errors.map((d) => [d.code, d.line, d.message.en.includes("'real_server 2001:db8::10 8080'")])).toEqual([["keepalived.ipv6-port", 3, true]]);
  });
  test("the right spelling imports", () => {
    const r = parseKeepalivedConf("virtual_server 2001:db8::1 80 {\n    protocol TCP\n    real_server 2001:db8::10 80 {\n    }\n}\n");
    expect(r.ok && r.value.virtualServices[0]).toMatchObject({ address: "2001:db8::1", port: 80, family: "inet6" });
  });
});
