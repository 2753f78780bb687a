import { parseKeepalivedConf } from "../../src/keepalived/index.ts";
import { describe, expect, it } from "vitest";
import { formatDiagnostic, parseIpvsadmRestore, parseIpvsadmSave } from "../../src/index.ts";

function firstError(text: string) {
  const r = parseIpvsadmSave(text);
  if (r.ok) throw new Error(`expected an error for ${JSON.stringify(text)}`);
  return r.errors[0]!;
}

describe("parseIpvsadmSave errors: located, bilingual, what ipvsadm 1.31 / kernel 6.1 refuse", () => {
  const cases: [string, string, number, number][] = [
    ["-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.2:80 -r 10.0.0.3:80 -g", "ipvsadm.kernel-refuses", 2, 1],
    ["-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.1:80 -s wlc", "ipvsadm.kernel-refuses", 2, 1],
    ["-A -t 10.0.0.1:80 -s rr -w 3", "ipvsadm.illegal-option", 1, 25],
    ["-A -t 10.0.0.1:0 -s rr", "ipvsadm.zero-port", 1, 7],
    ["-A -t 10.0.0.1:80 -s rr -b sh-port", "ipvsadm.incompatible-flag", 1, 28],
    ["-A -t 10.0.0.1:80 -s rr -p 0", "ipvsadm.bad-persistence", 1, 28],
    ["-A -t 10.0.0.1:80 -s rr -o", "ipvsadm.ops-not-udp", 1, 25],
    ["-A -t 10.0.0.1:99999 -s rr", "ipvsadm.bad-address", 1, 16],
    ["-A -t 2001:db8::1:80 -s rr", "ipvsadm.bad-address", 1, 7],
    ["-A -t web.example:80 -s rr", "ipvsadm.bad-address", 1, 7],
    ["-A -f -1 -s rr\n-A -f 0 -s rr", "ipvsadm.bad-fwmark", 2, 7],
    ["-A -t 10.0.0.1:80 -s rr -M 255.0.255.0 -p 5", "ipvsadm.bad-netmask", 1, 28],
    ["-A -t 10.0.0.1:80\n-a -t 10.0.0.1:80 -r 10.0.0.2:80 -g --tun-type gue", "ipvsadm.tunnel-option", 2, 37],
    ["-A -t 10.0.0.1:80\n-a -t 10.0.0.1:80 -r 10.0.0.2:80 -i --tun-type gue", "ipvsadm.tunnel-port", 2, 37],
    ["-A -t 10.0.0.1:80\n-a -t 10.0.0.1:80 -r 10.0.0.2:80 -i --tun-type gre --tun-remcsum", "ipvsadm.tunnel-option-type", 2, 52],
    ["-A -t 10.0.0.1:80\n-a -t 10.0.0.1:80 -r [2001:db8::2]:80 -g", "ipvsadm.family-mismatch", 2, 22],
    ["-A -t 10.0.0.1:80\n-a -t 10.0.0.1:80 -r 10.0.0.2:80 -w -1", "ipvsadm.bad-number", 2, 37],
    ["-A -t 10.0.0.1:80\n-a -t 10.0.0.1:80 -r 10.0.0.2:80 -g -m", "ipvsadm.two-methods", 2, 37],
    ["-A -t 10.0.0.1:80 --frobnicate", "ipvsadm.unknown-option", 1, 19],
    ["-t 10.0.0.1:80", "ipvsadm.no-command", 1, 1],
    ["-A -s rr", "ipvsadm.missing-service", 1, 1],
    ["--set 900 120", "ipvsadm.set-args", 1, 6],
    ["-A -t 10.0.0.1:80 -s", "ipvsadm.missing-value", 1, 21],
  ];
  it.each(cases)("%j -> %s at %d:%d", (text, code, line, column) => {
    const e = firstError(text);
    expect({ code: e.code, line: e.line, column: e.column }).toEqual({ code, line, column });
    expect(e.message.en.length).toBeGreaterThan(5);
    expect(e.message.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(formatDiagnostic(e, "zh-CN")).toContain(`第 ${line} 行`);
  });

  it("reads what ipvsadm -R reads: long options, --opt=value, -w3, blank lines, -E/-e/-d/-D/-C/--set", () => {
    const text = [
      "--add-service --tcp-service=10.0.0.1:80 --scheduler wrr",
      "",
      "-a -t 10.0.0.1:80 -r 10.0.0.2 -w3 -x 10 -y 5",
      "-a -t 10.0.0.1:80 -r 10.0.0.3:80 --masquerading",
      "-e -t 10.0.0.1:80 -r 10.0.0.3:80 -m -w 0",
      "-A -u 10.0.0.1:53 -s rr",
      "-D -u 10.0.0.1:53",
      "-A -f 5 -s sh -b flag-2 -p",
      "-d -t 10.0.0.1:80 -r 10.0.0.2:80",
      "-E -t 10.0.0.1:80 -s sh -b sh-port",
      "--set 900 0 300",
    ].join("\n");
    const r = parseIpvsadmSave(text);
    expect(r).toEqual({
      ok: true,
      warnings: [],
      value: {
        services: [
          {
            protocol: "tcp",
            family: "inet",
            address: "10.0.0.1",
            port: 80,
            scheduler: "sh",
            schedFlags: ["sh-port"],
            onePacket: false,
            dests: [{ address: "10.0.0.3", port: 80, forwarding: "masq", weight: 0, upperThreshold: 0, lowerThreshold: 0 }],
          },
          { protocol: "fwmark", family: "inet", fwmark: 5, scheduler: "sh", schedFlags: ["sh-port"], onePacket: false, persistence: 360, dests: [] },
        ],
        timeouts: { tcp: 900, tcpFin: 0, udp: 300 },
      },
    });
  });

  it("warns, never drops silently: comments, unsupported commands, forced ports", () => {
    const r = parseIpvsadmRestore("# saved by hand\n-Z\n-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.0.2:8080 -g\n");
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => [w.code, w.line])).toEqual([
      ["ipvsadm.comment", 1],
      ["ipvsadm.unsupported-command", 2],
      ["ipvsadm.port-forced", 4],
    ]);
    expect(r.ok && r.value[1]).toMatchObject({ kind: "add-dest", dest: { port: 80 } });
  });

  it("an unknown scheduler is an error at its line, as keepalived's lvs_sched: never a guessed wlc", () => {
    const r = parseIpvsadmRestore("-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.1:81 -s foo\n");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => [e.code, e.line, e.column, e.message.en])).toEqual([
      ["ipvsadm.unknown-scheduler", 2, 22, expect.stringContaining("'foo' is not one the kernel ships")],
    ]);
    const k = parseKeepalivedConf("virtual_server 10.0.0.1 80 {\n  protocol TCP\n  lb_algo foo\n}\n");
    expect(!k.ok && k.errors.map((e) => [e.code, e.line, e.message.en])).toEqual([["keepalived.unknown-scheduler", 3, !r.ok && r.errors[0]!.message.en]]);
  });

  it("never throws, whatever the input", () => {
    for (const t of ["", "\n\n", "-", "--", "-A -t [", "-A -t [::1", "-A -t [::1]x", "-a -f 99999999999", "\u0000", "-A -t 1.2.3.4:5 -p -p"]) {
      expect(() => parseIpvsadmSave(t)).not.toThrow();
    }
  });
});
