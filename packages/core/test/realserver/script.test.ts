import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Cluster, renderRealServerScript } from "../../src/index.ts";
import { cluster, GOLDEN } from "./fixtures.ts";

const goldenDir = join(import.meta.dirname, "../golden/realserver");

function shellOk(args: string[]): boolean {
  return spawnSync(args[0]!, args.slice(1), { stdio: "ignore" }).status === 0;
}
const hasShellcheck = shellOk(["shellcheck", "--version"]);

describe.each(Object.entries(GOLDEN))("real-server script %s", (name, address) => {
  const script = renderRealServerScript(cluster, address);
  const file = join(goldenDir, `${name}.sh`);

  it("matches its golden file", () => {
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, script);
    expect(script).toBe(readFileSync(file, "utf8"));
  });

  it("is valid POSIX sh", () => {
    const r = spawnSync("sh", ["-n"], { input: script, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it.skipIf(!hasShellcheck)("passes shellcheck", () => {
    const r = spawnSync("shellcheck", ["-s", "sh", "-"], { input: script, encoding: "utf8" });
    expect(r.stdout).toBe("");
  });
});

describe("what each script does", () => {
  it("DR: every VIP of the host on lo with a label, ARP sysctls before the first address", () => {
    const s = renderRealServerScript(cluster, GOLDEN.dr);
    expect(s).toContain("add_addr lo 192.0.2.100/32 lo:0");
    expect(s).toContain("add_addr lo 192.0.2.101/32 lo:1");
    expect(s.match(/add_addr lo 192\.0\.2\.100/g)).toHaveLength(1); // two services, one VIP
    expect(s.indexOf("set_sysctl net.ipv4.conf.lo.arp_announce 2")).toBeLessThan(s.indexOf("add_addr lo"));
    expect(s).not.toContain("tunl0");
  });

  it("TUN: loads ipip, brings tunl0 up, rp_filter off, VIP on tunl0", () => {
    const s = renderRealServerScript(cluster, GOLDEN["tun-ipip"]);
    for (const line of [
      "load_module ipip",
      "link_up tunl0",
      "set_sysctl net.ipv4.conf.tunl0.rp_filter 0",
      "set_sysctl net.ipv4.conf.all.rp_filter 0",
      "add_addr tunl0 192.0.2.100/32",
      "add_addr tunl0 192.0.2.101/32",
    ])
      expect(s).toContain(line);
    expect(s).not.toContain("add_addr lo");
  });

  it("NAT: no addresses, a printed note naming the DIP of the host's subnet", () => {
    const s = renderRealServerScript(cluster, GOLDEN.nat);
    expect(s).not.toMatch(/^\s+add_addr /m);
    expect(s).toMatch(/echo "NOTE: NAT real server: the default gateway must be the director's DIP \(10\.0\.2\.1 or 10\.0\.2\.2\)" >&2/);
  });

  it("IPv6 DR: /128 on lo without an IPv4 label, and no ARP sysctls", () => {
    const s = renderRealServerScript(cluster, GOLDEN["dr-ipv6"]);
    expect(s).toMatch(/^ {2}add_addr lo 2001:db8::100\/128$/m);
    expect(s).not.toContain("arp_ignore 1\n");
    expect(s).not.toMatch(/^\s+set_sysctl /m);
  });

  it("GUE and mixed families pick the right decapsulation", () => {
    const c = Cluster.parse({
      name: "t",
      virtualServices: [
        { address: "192.0.2.100", port: 80, realServers: [{ address: "198.51.100.9", port: 80, forwarding: "tunnel", tunnel: { type: "gue", port: 6080 } }] },
        { family: "inet6", address: "2001:db8::100", port: 80, realServers: [{ address: "198.51.100.9", port: 80, forwarding: "tunnel" }] },
      ],
    });
    const s = renderRealServerScript(c, "198.51.100.9");
    expect(s).toContain("load_module fou");
    expect(s).toContain("add_fou 6080 4");
    expect(s).toContain("add_addr sit0 2001:db8::100/128");
  });

  it("fwmark services: VIPs come from the caller, and the header says when they are missing", () => {
    const c = Cluster.parse({ name: "fw", virtualServices: [{ protocol: "fwmark", fwmark: 7, realServers: [{ address: "192.0.2.21", port: 0 }] }] });
    expect(renderRealServerScript(c, "192.0.2.21")).toContain("fwmark 7 (DR): no addresses given");
    const s = renderRealServerScript(c, "192.0.2.21", { fwmarkAddresses: { 7: ["192.0.2.100", "192.0.2.101"] } });
    expect(s).toContain("add_addr lo 192.0.2.100/32 lo:0");
    expect(s).toContain("add_addr lo 192.0.2.101/32 lo:1");
    expect(s).not.toContain("no addresses given");
  });

  it("says so when the address is no real server of the cluster", () => {
    const s = renderRealServerScript(cluster, "203.0.113.9");
    expect(s).toContain("is not a real server of any service");
    expect(spawnSync("sh", ["-n"], { input: s }).status).toBe(0);
  });
});

/** Runs the DR script for real inside a throwaway network namespace (needs root + unshare). */
const canNetns = shellOk(["unshare", "-n", "true"]) && shellOk(["sh", "-c", "command -v ip"]);

describe.skipIf(!canNetns)("DR script in a network namespace", () => {
  it("start is idempotent, status reports, stop undoes exactly what start did", () => {
    const dir = mkdtempSync(join(tmpdir(), "shoal-rs-"));
    const scriptFile = join(dir, "rs.sh");
    writeFileSync(scriptFile, renderRealServerScript(cluster, GOLDEN.dr, { stateDir: join(dir, "state") }));
    // lo.arp_announce starts at 1 here to prove stop restores the old value, not a default.
    const run = `
      set -e
      echo 1 > /proc/sys/net/ipv4/conf/lo/arp_announce
      s() { sh ${scriptFile} "$@"; }
      s status >/dev/null && echo "status-before=0" || echo "status-before=$?"
      s start >/dev/null; s start >/dev/null
      echo "state-lines=$(wc -l < ${dir}/state/web.state)"
      s status >/dev/null && echo "status-after-start=0"
      echo "lo=$(ip -o addr show dev lo | grep -c 'scope global')"
      echo "label=$(ip -o addr show dev lo | grep -c ' lo:1')"
      s stop >/dev/null
      s status >/dev/null || echo "status-after-stop=$?"
      echo "lo-after=$(ip -o addr show dev lo | grep -c 'scope global' || true)"
      echo "arp=$(cat /proc/sys/net/ipv4/conf/all/arp_ignore)$(cat /proc/sys/net/ipv4/conf/lo/arp_announce)"
      test ! -e ${dir}/state/web.state && echo "state-gone"
    `;
    const out = execFileSync("unshare", ["-n", "sh", "-c", run], { encoding: "utf8" });
    expect(out.trim().split("\n")).toEqual([
      "status-before=3",
      // 4 sysctls + 2 addresses, recorded once even though start ran twice
      "state-lines=6",
      "status-after-start=0",
      "lo=2",
      "label=1",
      "status-after-stop=3",
      "lo-after=0",
      "arp=01",
      "state-gone",
    ]);
  });
});
