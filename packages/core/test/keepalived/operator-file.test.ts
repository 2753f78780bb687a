import { describe, expect, it, test } from "vitest";
import { Cluster, formatDiagnostic } from "../../src/index.ts";
import { parseKeepalivedConf, renderKeepalivedConf } from "../../src/keepalived/index.ts";
import { parseLvsCf, renderLvsCf } from "../../src/lvscf/index.ts";

/** As an operator keeps it: old lb_algo/lb_kind spellings, comments of both kinds, an include,
 * global settings Shoal has no place for, tabs, a brace on its own line. */
const OPERATOR_CONF = `! Configuration File for keepalived
global_defs {
   notification_email {
     ops@example.com
   }
   router_id LVS_DEVEL
   lvs_timeouts tcp 7200 tcpfin 120 udp 300
}

include /etc/keepalived/conf.d/*.conf

vrrp_instance VI_1 {
    state MASTER            # the other box says BACKUP
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass 1111
    }
    virtual_ipaddress {
        192.168.200.16/24 dev eth0 label eth0:1
        192.168.200.17
    }
}

# the shop
virtual_server 192.168.200.16 443
{
\tdelay_loop 10
\tlb_algo wrr
\tlb_kind DR
\tpersistence_timeout 50
\tprotocol TCP
\tsorry_server 192.168.200.200 1358

\treal_server 192.168.201.100 443 {
\t\tweight 3
\t\tinhibit_on_failure
\t\tHTTP_GET {
\t\t\turl {
\t\t\t\tpath /health
\t\t\t\tstatus_code 200
\t\t\t}
\t\t\tconnect_timeout 3
\t\t\tnb_get_retry 3
\t\t\tdelay_before_retry 3
\t\t}
\t}
\treal_server 192.168.201.101 443 {
\t\tweight 1
\t\tinhibit_on_failure
\t\tHTTP_GET {
\t\t\turl {
\t\t\t\tpath /health
\t\t\t\tstatus_code 200
\t\t\t}
\t\t\tconnect_timeout 3
\t\t\tnb_get_retry 3
\t\t\tdelay_before_retry 3
\t\t}
\t}
}

virtual_server 192.168.200.17 5432 {
    delay_loop 6
    lb_algo lc
    lb_kind NAT
    protocol TCP

    real_server 10.0.0.21 5432 {
        weight 1
        TCP_CHECK {
            connect_port 5432
            connect_timeout 2
        }
    }
    real_server 10.0.0.22 5432 {
        weight 1
        TCP_CHECK {
            connect_port 5432
            connect_timeout 2
        }
    }
}
`;

describe("a hand-written keepalived.conf", () => {
  const r = parseKeepalivedConf(OPERATOR_CONF);

  test("parses into the expected cluster", () => {
    if (!r.ok) throw new Error(r.errors.map((d) => formatDiagnostic(d)).join("\n"));
    const expected = Cluster.parse({
      name: "keepalived",
      timeouts: { tcp: 7200, tcpFin: 120, udp: 300 },
      vrrp: { instance: "VI_1", interface: "eth0", virtualRouterId: 51, priorityPrimary: 150, advertInterval: 1, authType: "PASS", authPass: "1111" },
      virtualServices: [
        {
          protocol: "tcp",
          address: "192.168.200.16",
          port: 443,
          vipInterface: "eth0",
          vipLabel: "eth0:1",
          vipPrefix: 24,
          scheduler: "wrr",
          persistence: 50,
          sorryServer: { address: "192.168.200.200", port: 1358 },
          // nb_get_retry 3 = three more tries after the first failure
          healthCheck: { type: "http", path: "/health", expectStatus: [200], interval: 10, timeout: 3, rise: 1, fall: 4, onFailure: "quiesce" },
          realServers: [
            { address: "192.168.201.100", port: 443, forwarding: "route", weight: 3 },
            { address: "192.168.201.101", port: 443, forwarding: "route", weight: 1 },
          ],
        },
        {
          protocol: "tcp",
          address: "192.168.200.17",
          port: 5432,
          scheduler: "lc",
          // keepalived's defaults: retry 1, and no inhibit_on_failure means remove
          healthCheck: { type: "tcp", port: 5432, interval: 6, timeout: 2, rise: 1, fall: 2, onFailure: "remove" },
          realServers: [
            { address: "10.0.0.21", port: 5432, forwarding: "masq", weight: 1 },
            { address: "10.0.0.22", port: 5432, forwarding: "masq", weight: 1 },
          ],
        },
      ],
    });
    expect(r.value).toEqual(expected);
  });

  test("reports the include as not followed, with its line", () => {
    const inc = r.warnings.find((w) => w.code === "keepalived.include-not-followed");
    expect(inc).toMatchObject({ severity: "warning", line: 10, column: 1 });
    expect(inc!.message.en).toContain("/etc/keepalived/conf.d/*.conf");
    expect(inc!.message.zh).toContain("include");
  });

  test("reports what Shoal does not hold instead of dropping it silently", () => {
    const at = (code: string) => r.warnings.filter((w) => w.code === code).map((w) => `${w.line}:${w.column} ${w.message.en.split(" ")[0]}`);
    expect(at("keepalived.ignored")).toEqual(["3:4 'notification_email'", "48:4 'delay_before_retry'", "61:4 'delay_before_retry'"]);
    expect(r.warnings.every((w) => w.line !== undefined && w.column !== undefined && w.message.zh.length > 0)).toBe(true);
  });
});

describe("a VIP's prefix survives import and export (issue 21, point 4)", () => {
  const conf = `vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 150
    virtual_ipaddress {
        192.0.2.20/24 dev eth0
        192.0.2.21 dev eth0
    }
}
virtual_server 192.0.2.20 80 {
    protocol TCP
    real_server 10.0.0.2 80 {
    }
}
virtual_server 192.0.2.21 80 {
    protocol TCP
}
`;
  it("192.0.2.20/24 dev eth0 reads as prefix 24 and is written back as /24, a bare address stays a host address", () => {
    const r = parseKeepalivedConf(conf);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.virtualServices.map((s) => s.vipPrefix)).toEqual([24, undefined]);
    const out = renderKeepalivedConf(r.value);
    expect(out).toContain("192.0.2.20/24 dev eth0");
    expect(out).toContain("192.0.2.21/32 dev eth0");
    const again = parseKeepalivedConf(out);
    expect(again.ok && again.value.virtualServices.map((s) => s.vipPrefix)).toEqual([24, undefined]);
  });
  it("lvs.cf vip_nmask is the same prefix, both ways", () => {
    const r = parseKeepalivedConf(conf);
    if (!r.ok) throw new Error("parse");
    const cf = renderLvsCf(r.value);
    expect(cf).toContain("vip_nmask = 255.255.255.0");
    const back = parseLvsCf(cf);
    expect(back.ok && back.value.virtualServices.map((s) => s.vipPrefix)).toEqual([24, undefined]);
  });
  it("a prefix longer than the address is an error at its line", () => {
    const r = parseKeepalivedConf(conf.replace("192.0.2.20/24", "192.0.2.20/33"));
    expect(!r.ok && r.errors.map((e) => [e.code, e.line])).toEqual([["keepalived.bad-prefix", 7]]);
  });
});
