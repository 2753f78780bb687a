import { describe, expect, test } from "vitest";
import { Cluster, formatDiagnostic } from "../../src/index.ts";
import { parseLvsCf } from "../../src/lvscf/index.ts";

/** As Piranha's web tool wrote it on a RHEL 5 director pair, with an operator's comment. */
const PIRANHA = `serial_no = 14
primary = 172.25.30.14
primary_private = 192.168.122.246
service = lvs
backup_active = 1
backup = 172.25.30.15
heartbeat = 1
heartbeat_port = 539
keepalive = 6
deadtime = 18
network = direct
debug_level = NONE
monitor_links = 0
syncdaemon = 1
syncd_iface = eth1
syncd_id = 4
# web farm, moved from the old pair in 2009
virtual http {
     active = 1
     address = 172.25.30.100 eth0:1
     vip_nmask = 255.255.255.0
     port = 80
     persistent = 300
     pmask = 255.255.255.0
     send = "GET / HTTP/1.0\\r\\n\\r\\n"
     expect = "HTTP"
     use_regex = 0
     load_monitor = none
     scheduler = wlc
     protocol = tcp
     timeout = 6
     reentry = 15
     quiesce_server = 1
     server node1 {
         address = 192.168.122.224
         active = 1
         port = 80
         weight = 1
     }
     server node2 {
         address = 192.168.122.245
         active = 0
         weight = 2
     }
}
virtual ftp {
     active = 1
     address = 172.25.30.100 eth0:1
     vip_nmask = 255.255.255.0
     fwmark = 21
     port = 21
     send = "quit"
     expect = "220"
     load_monitor = none
     scheduler = rr
     protocol = tcp
     timeout = 6
     reentry = 15
     quiesce_server = 0
     server node1 {
         address = 192.168.122.224
         active = 1
         weight = 1
     }
}
`;

describe("a Piranha lvs.cf", () => {
  const r = parseLvsCf(PIRANHA);

  test("parses into the expected cluster", () => {
    if (!r.ok) throw new Error(r.errors.map((d) => formatDiagnostic(d)).join("\n"));
    expect(r.value).toEqual(
      Cluster.parse({
        name: "piranha",
        syncDaemon: { enabled: true, interface: "eth1", syncId: 4 },
        directors: [
          { name: "primary", role: "primary", managementAddress: "172.25.30.14" },
          { name: "backup", role: "backup", managementAddress: "172.25.30.15" },
        ],
        virtualServices: [
          {
            name: "http",
            protocol: "tcp",
            address: "172.25.30.100",
            port: 80,
            vipInterface: "eth0",
            vipLabel: "eth0:1",
            vipPrefix: 24,
            scheduler: "wlc",
            persistence: 300,
            persistenceNetmask: 24,
            healthCheck: { type: "send-expect", send: "GET / HTTP/1.0\\r\\n\\r\\n", expect: "HTTP", useRegex: false, interval: 15, timeout: 6, onFailure: "quiesce" },
            realServers: [
              { name: "node1", address: "192.168.122.224", port: 80, forwarding: "route", weight: 1 },
              // nanny's default port is the virtual's
              { name: "node2", address: "192.168.122.245", port: 80, forwarding: "route", weight: 2, enabled: false },
            ],
          },
          {
            name: "ftp",
            protocol: "fwmark",
            fwmark: 21,
            scheduler: "rr",
            healthCheck: { type: "send-expect", send: "quit", expect: "220", interval: 15, timeout: 6, onFailure: "remove" },
            realServers: [{ name: "node1", address: "192.168.122.224", port: 0, forwarding: "route", weight: 1 }],
          },
        ],
      }),
    );
  });

  test("reports what it does not keep, with line and column", () => {
    expect(r.warnings.map((w) => `${w.code} ${w.line}:${w.column}`)).toEqual([
      "lvscf.not-kept 1:1",
      "lvscf.ignored 3:1",
      "lvscf.not-kept 7:1",
      "lvscf.not-kept 8:1",
      "lvscf.not-kept 9:1",
      "lvscf.not-kept 10:1",
      "lvscf.fwmark-address 48:6",
    ]);
    expect(r.warnings.at(-1)!.message.zh).toContain("fwmark");
    // Issue 21, point 2: each heartbeat key says, at its line, that it is not kept and why.
    expect(r.warnings[0]!.message.en).toBe("serial_no 14 is not kept: Shoal numbers its own revisions (the import is a draft; applying it makes the cluster's next revision)");
    expect(r.warnings[3]!.message.en).toContain("heartbeat_port 539 is not kept: VRRP has no port");
    expect(r.warnings[5]!.message.zh).toContain("deadtime 18 不保留");
  });
});

describe("lvs.cf errors name the line, the column and why", () => {
  const errorsOf = (t: string) => {
    const x = parseLvsCf(t);
    expect(x.ok).toBe(false);
    return x.ok ? [] : x.errors.map((e) => `${e.code} ${e.line}:${e.column}`);
  };
  test("missing '=', missing and extra values", () => {
    expect(errorsOf("network direct\nprimary =\nbackup = 1.2.3.4 5.6.7.8\n")).toEqual(["lvscf.expected-equals 1:9", "lvscf.missing-value 2:11", "lvscf.extra-value 3:18"]);
  });
  test("unbalanced braces", () => {
    expect(errorsOf("}\nvirtual web {\n     server a {\n")).toEqual([
      "lvscf.unbalanced-brace 1:1",
      "lvscf.unclosed-block 3:6",
      "lvscf.unclosed-block 2:1",
      "lvscf.missing-address 2:1",
      "lvscf.missing-address 3:6",
    ]);
  });
  test("bad numbers, booleans, addresses, schedulers, networks", () => {
    expect(
      errorsOf(
        "network = bridge\nvirtual web {\n active = yes\n address = 10.0.0.256 eth0\n port = eighty\n scheduler = sed\n server a {\n  address = 10.0.0.2\n  weight = -1\n }\n}\n",
      ),
    ).toEqual(["lvscf.bad-network 1:11", "lvscf.bad-bool 3:11", "lvscf.bad-number 5:9", "lvscf.bad-address 4:12", "lvscf.bad-scheduler 6:14", "lvscf.bad-number 9:12"]);
  });
  test("an unterminated quote", () => {
    expect(errorsOf('virtual web {\n send = "GET /\n}\n')).toContain("lvscf.unterminated-quote 2:9");
  });
});
