import { mkdtemp, mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseIpJsonAddr } from "../../src/kernel/address.ts";
import { createSysctl, sysctlPath } from "../../src/kernel/sysctl.ts";

describe("ip -j addr", () => {
  it("lists addresses with their alias labels, canonical", () => {
    const json = JSON.stringify([
      { ifname: "lo", addr_info: [{ family: "inet", local: "127.0.0.1", prefixlen: 8, label: "lo" }] },
      {
        ifname: "eth0",
        addr_info: [
          { family: "inet", local: "10.0.0.1", prefixlen: 24, label: "eth0" },
          { family: "inet", local: "10.0.0.100", prefixlen: 32, label: "eth0:1" },
          { family: "inet6", local: "2001:DB8:0::100", prefixlen: 128 },
        ],
      },
    ]);
    expect(parseIpJsonAddr(json)).toEqual([
      { address: "127.0.0.1", prefix: 8, family: "inet", iface: "lo" },
      { address: "10.0.0.1", prefix: 24, family: "inet", iface: "eth0" },
      { address: "10.0.0.100", prefix: 32, family: "inet", iface: "eth0", label: "eth0:1" },
      { address: "2001:db8::100", prefix: 128, family: "inet6", iface: "eth0" },
    ]);
  });
});

describe("sysctl through /proc/sys files", () => {
  it("maps dotted names to paths and refuses anything else", () => {
    expect(sysctlPath("net.ipv4.ip_forward", "/p")).toBe("/p/net/ipv4/ip_forward");
    expect(sysctlPath("net/ipv4/conf/eth0.100/arp_ignore", "/p")).toBe("/p/net/ipv4/conf/eth0.100/arp_ignore");
    expect(() => sysctlPath("../etc/passwd")).toThrow();
  });
  it("reads, writes, and says undefined for a parameter this kernel lacks", async () => {
    const root = await mkdtemp(join(tmpdir(), "sysctl-"));
    await mkdir(join(root, "net/ipv4/vs"), { recursive: true });
    await writeFile(join(root, "net/ipv4/vs/expire_nodest_conn"), "0\n");
    const s = createSysctl(root);
    expect(await s.get("net.ipv4.vs.expire_nodest_conn")).toBe("0");
    await s.set("net.ipv4.vs.expire_nodest_conn", "1");
    expect(await readFile(join(root, "net/ipv4/vs/expire_nodest_conn"), "utf8")).toBe("1\n");
    expect(await s.get("net.ipv4.vs.nosuch")).toBeUndefined();
  });
});
