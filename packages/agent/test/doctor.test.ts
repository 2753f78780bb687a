import { describe, expect, it } from "vitest";
import { checkSysctlLines, notPersisted, parseSysctlText } from "../src/doctor/sysctl-files.ts";
import { interferingRules } from "../src/doctor/netfilter.ts";

const want = { "net.ipv4.conf.all.arp_ignore": "1", "net.ipv4.conf.all.arp_announce": "2" };

describe("doctor: sysctl files", () => {
  it("finds misspelled LVS keys and says the right spelling", () => {
    const lines = parseSysctlText("/etc/sysctl.d/lvs.conf", "# lvs\nnet.ipv4.conf.all.arp_ingore = 1\nnet.ipv4.conf.all.arp_announce=2\n");
    expect(checkSysctlLines(lines, want)).toEqual([
      {
        file: "/etc/sysctl.d/lvs.conf",
        line: 2,
        problem: '"net.ipv4.conf.all.arp_ingore" is not a kernel parameter (misspelled arp_ignore?)',
        fix: "write net.ipv4.conf.all.arp_ignore = 1",
      },
    ]);
    expect(notPersisted(lines, want)).toEqual(["net.ipv4.conf.all.arp_ignore"]);
  });
  it("flags a wrong value", () => {
    const lines = parseSysctlText("/etc/sysctl.conf", "net/ipv4/conf/all/arp_announce = 1");
    expect(checkSysctlLines(lines, want)[0]!.problem).toBe("net.ipv4.conf.all.arp_announce = 1, an LVS real server needs 2");
  });
});

describe("doctor: netfilter", () => {
  it("lists rules naming a VIP or setting marks, not lookalike addresses", () => {
    const rules = [
      "-P INPUT ACCEPT",
      "-A INPUT -d 10.0.1.100/32 -p tcp -j DROP",
      "-A INPUT -d 10.0.1.1000/32 -j DROP",
      "-A PREROUTING -t mangle -d 10.0.1.5 -j MARK --set-mark 1",
    ].join("\n");
    expect(interferingRules(rules, ["10.0.1.100"])).toEqual(["-A INPUT -d 10.0.1.100/32 -p tcp -j DROP", "-A PREROUTING -t mangle -d 10.0.1.5 -j MARK --set-mark 1"]);
  });
});
