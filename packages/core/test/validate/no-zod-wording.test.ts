/**
 * Issue 21, point 8: zod's raw wording never reaches an operator. Bad inputs are walked through
 * every path that turns zod issues into messages (the text importers' validateBuilt, core's
 * explainZodError over the model); each message must be core's own, in en and zh-CN: none of
 * zod's default English (or zod's zh-CN locale) phrases, and no empty side.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Cluster, explainZodError, parseBackup, parseKeepalivedConf, parseLvsCf, type Diagnostic } from "../../src/index.ts";

const ZOD_EN = [
  /Invalid input/i,
  /Invalid option/i,
  /expected one of/i,
  /Too big/i,
  /Too small/i,
  /Invalid string/i,
  /Unrecognized key/i,
  /Invalid key in/i,
  /Invalid element/i,
  /Invalid value/i,
  /must match pattern/i,
  /received /i,
  /Invalid discriminator/i,
  /Invalid number/i,
];
const ZOD_ZH = [/无效输入/, /无效选项/, /：期望/, /期望以下/, /数值过大/, /数值过小/, /无效字符串/, /未知的键/, /无效的键/, /无效的元素/];

function assertOwnWording(ds: Diagnostic[], issues?: readonly z.core.$ZodIssue[], root?: unknown): void {
  for (const d of ds) {
    expect(d.message.en.trim(), JSON.stringify(d)).not.toBe("");
    expect(d.message.zh.trim(), JSON.stringify(d)).not.toBe("");
    for (const re of ZOD_EN) expect(d.message.en, d.message.en).not.toMatch(re);
    for (const re of [...ZOD_EN, ...ZOD_ZH]) expect(d.message.zh, d.message.zh).not.toMatch(re);
  }
  // And not zod's text of that very issue, whatever its wording (the default locale and zh-CN).
  for (const [k, issue] of (issues ?? []).entries()) {
    for (const locale of [z.locales.en(), z.locales.zhCN()]) {
      const zod = locale.localeError({ ...issue, input: undefined });
      const text = typeof zod === "string" ? zod : zod?.message;
      if (text && text.length > 12) {
        expect(ds[k]!.message.en).not.toContain(text);
        expect(ds[k]!.message.zh).not.toContain(text);
      }
    }
  }
  void root;
}

const VALID = {
  name: "c1",
  timeouts: { tcp: 900, tcpFin: 120, udp: 300 },
  syncDaemon: { enabled: true, interface: "eth1", syncId: 3, mcastPort: 8848 },
  vrrp: { instance: "VI_1", interface: "eth0", virtualRouterId: 51, authType: "PASS", authPass: "secret" },
  directors: [{ name: "lb1", managementAddress: "10.0.0.1", role: "primary", privateAddress: "10.0.2.1/24" }],
  virtualServices: [
    {
      name: "web",
      protocol: "tcp",
      address: "192.0.2.20",
      port: 80,
      scheduler: "wrr",
      persistence: 300,
      sorryServer: { address: "10.0.2.99", port: 80 },
      healthCheck: { type: "http", path: "/health", expectStatus: [200] },
      realServers: [{ address: "10.0.2.11", port: 80, forwarding: "masq", weight: 3, tunnel: { type: "gue", port: 5555 } }],
    },
  ],
};

/** Every leaf of a value, replaced in turn by values of the wrong type, range or form. */
function* mutations(v: unknown, path: (string | number)[] = []): Generator<{ path: (string | number)[]; bad: unknown }> {
  if (Array.isArray(v)) {
    yield { path, bad: "not a list" };
    for (let i = 0; i < v.length; i++) yield* mutations(v[i], [...path, i]);
  } else if (v && typeof v === "object") {
    yield { path, bad: 42 };
    yield { path, bad: { ...v, unexpected: 1 } };
    for (const [k, x] of Object.entries(v)) yield* mutations(x, [...path, k]);
  } else if (typeof v === "string") {
    for (const bad of [7, "", "x".repeat(5000), "bad value!", "/no"]) yield { path, bad };
  } else if (typeof v === "number") {
    for (const bad of ["9", -1, 1.5, 1e12]) yield { path, bad };
  } else if (typeof v === "boolean") yield { path, bad: "yes" };
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  if (!path.length) return value;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[path[path.length - 1]!] = value;
  return copy;
}

describe("zod's wording never reaches an operator (issue 21, point 8)", () => {
  it("the valid base really is valid, so every mutation below tests one bad field", () => {
    expect(Cluster.safeParse(VALID).success).toBe(true);
  });

  it("every field of a cluster made wrong, explained by core in en and zh-CN", () => {
    let explained = 0;
    for (const { path, bad } of mutations(VALID)) {
      const input = setAt(VALID, path, bad);
      const r = Cluster.safeParse(input);
      if (r.success) continue;
      const ds = explainZodError(r.error, input);
      expect(ds.length).toBe(r.error.issues.length);
      assertOwnWording(ds, r.error.issues, input);
      explained += ds.length;
    }
    expect(explained).toBeGreaterThan(100);
  });

  it("text imports whose values the model refuses: located, in core's words", () => {
    const ka = [
      "vrrp_instance VI_1 {\n  virtual_router_id 5\n}\n", // no interface: required
      "global_defs {\n  lvs_sync_daemon averyveryverylonginterfacename\n}\n", // interface too long
      'virtual_server 10.0.0.1 80 {\n  protocol TCP\n  snmp_name "a b"\n}\n', // name form
      "virtual_server 10.0.0.1 80 {\n  protocol TCP\n  persistence_timeout 60\n  persistence_engine foo\n}\n", // enum
      "virtual_server 10.0.0.1 80 {\n  protocol TCP\n  real_server 10.0.0.2 80 {\n    HTTP_GET {\n      url {\n        path noslash\n      }\n    }\n  }\n}\n", // starts_with
      "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 5\n  authentication {\n    auth_type PASS\n    auth_pass muchtoolongpassword\n  }\n}\n",
    ];
    for (const text of ka) {
      const r = parseKeepalivedConf(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) {
        expect(r.errors.every((e) => e.line !== undefined)).toBe(true);
        assertOwnWording(r.errors);
      }
    }
    const cf = parseLvsCf('primary = 10.0.0.1\nservice = lvs\nvirtual "a b" {\n  active = 1\n  address = 10.0.0.5 eth0:1\n  port = 80\n}\n');
    if (!cf.ok) assertOwnWording(cf.errors);
    const backup = parseBackup(JSON.stringify({ format: "shoal-backup", version: 1, cluster: { ...VALID, vrrp: { interface: 5 } } }));
    if (!backup.ok) assertOwnWording(backup.errors);
  });
});
