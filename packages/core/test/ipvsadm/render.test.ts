import { describe, expect, it } from "vitest";
import { desiredState, parseIpvsadmSave, renderIpvsadmRules, renderIpvsadmSave, renderIpvsadmTimeouts, type IpvsState } from "../../src/index.ts";
import { goldenCluster } from "./golden-cluster.ts";
import { golden } from "./support.ts";

describe("renderIpvsadmSave against real ipvsadm 1.31 / kernel 6.1 captures", () => {
  const captured = golden("golden.S.txt");

  it("renders the golden topology byte for byte as `ipvsadm -S -n` printed it (exact mode)", () => {
    // every 6.1 scheduler, masq/route/tunnel ipip/gue/gre with each checksum option, persistence
    // with netmask and sip engine, one-packet, sh/mh flags, sctp, IPv6, fwmark v4/v6, a mark >= 2^31,
    // and ipvsadm's wrapping sort (192.168.50.x before 10.9.0.x)
    expect(renderIpvsadmSave(desiredState(goldenCluster), { exact: true })).toBe(captured);
  });

  it("by default keeps thresholds and prints a restorable fwmark, otherwise the same text", () => {
    const text = renderIpvsadmSave(desiredState(goldenCluster));
    const expected = captured
      .replace("-A -f -294967296 -s nq", "-A -f 4000000000 -s nq")
      .replace("-r 10.9.0.11:8080 -m -w 10\n", "-r 10.9.0.11:8080 -m -w 10 -x 1000 -y 800\n")
      .replace("-r [2001:db8::21]:8443 -m -w 7\n", "-r [2001:db8::21]:8443 -m -w 7 -x 50 -y 40\n");
    expect(expected).not.toBe(captured);
    expect(text).toBe(expected);
  });

  it("reads the capture back and renders it identically", () => {
    const parsed = parseIpvsadmSave(captured);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(renderIpvsadmSave(parsed.value, { exact: true })).toBe(captured);
    expect(parsed.warnings.map((w) => w.code)).toEqual(["ipvsadm.negative-fwmark"]);
  });

  it("renders the other captures too", () => {
    for (const name of ["misc.S.txt"]) {
      const text = golden(name);
      const parsed = parseIpvsadmSave(text);
      expect(parsed.ok, name).toBe(true);
      if (parsed.ok) expect(renderIpvsadmSave(parsed.value, { exact: true })).toBe(text);
    }
  });
});

describe("timeouts and rules", () => {
  it("renders --set in tcp tcpfin udp order", () => {
    expect(renderIpvsadmTimeouts({ tcp: 900, tcpFin: 120, udp: 300 })).toBe("--set 900 120 300\n");
  });

  it("renderIpvsadmRules = -S text of the desired table, then --set", () => {
    const text = renderIpvsadmRules(goldenCluster);
    expect(text.endsWith("--set 900 120 300\n")).toBe(true);
    expect(text.slice(0, -"--set 900 120 300\n".length)).toBe(renderIpvsadmSave(desiredState(goldenCluster)));
    const back = parseIpvsadmSave(text);
    expect(back.ok && back.value.timeouts).toEqual({ tcp: 900, tcpFin: 120, udp: 300 });
  });

  it("an empty table renders as nothing, as ipvsadm -S prints nothing", () => {
    const empty: IpvsState = { services: [] };
    expect(renderIpvsadmSave(empty)).toBe("");
  });
});

describe("renderIpvsadmSave with text outside ASCII", () => {
  it("still renders every character (the byte writer falls back to strings)", () => {
    const state: IpvsState = {
      services: [
        {
          protocol: "tcp",
          family: "inet",
          address: "10.0.0.1",
          port: 80,
          scheduler: "wlc",
          schedFlags: [],
          onePacket: false,
          dests: [{ address: "10.0.0.2", port: 80, forwarding: "route", weight: 1, upperThreshold: 0, lowerThreshold: 0 }],
        },
        {
          protocol: "tcp",
          family: "inet",
          address: "10.0.0.3",
          port: 80,
          scheduler: "调度ü",
          schedFlags: [],
          onePacket: false,
          dests: [{ address: "10.0.0.4", port: 80, forwarding: "masq", weight: 2, upperThreshold: 0, lowerThreshold: 0 }],
        },
      ],
    };
    expect(renderIpvsadmSave(state)).toBe(
      "-A -t 10.0.0.1:80 -s wlc\n-a -t 10.0.0.1:80 -r 10.0.0.2:80 -g -w 1\n-A -t 10.0.0.3:80 -s 调度ü\n-a -t 10.0.0.3:80 -r 10.0.0.4:80 -m -w 2\n",
    );
  });
});
