import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import type { Cluster } from "@shoal/core";
import { desiredState, realServerNeeds } from "@shoal/core";
import type { AddressKernel, Sysctl } from "../kernel/index.ts";
import { desiredRealServer } from "../realserver/plan.ts";
import { requiredSysctls } from "../reconcile/sysctls.ts";
import { loadNativeDump } from "../kernel/netlink/native-dump.ts";
import { interferingRules } from "./netfilter.ts";
import { checkSysctlLines, notPersisted, parseSysctlText, type SysctlLine } from "./sysctl-files.ts";

const run = promisify(execFile);

export interface Finding {
  level: "ok" | "warn" | "fail";
  check: string;
  detail: string;
  fix?: string;
}

export interface DoctorDeps {
  addresses: AddressKernel;
  sysctl: Sysctl;
  cluster?: Cluster;
  procRoot?: string;
  sysctlFiles?: string[];
}

async function which(cmd: string): Promise<boolean> {
  return run("sh", ["-c", `command -v ${cmd}`]).then(
    () => true,
    () => false,
  );
}

function sysctlFiles(): string[] {
  const files = ["/etc/sysctl.conf"];
  for (const dir of ["/etc/sysctl.d", "/run/sysctl.d", "/usr/lib/sysctl.d"]) {
    try {
      for (const f of readdirSync(dir).sort()) if (f.endsWith(".conf")) files.push(`${dir}/${f}`);
    } catch {
      /* no such dir */
    }
  }
  return files.filter((f) => existsSync(f));
}

function readSysctlFiles(files: string[]): SysctlLine[] {
  return files.flatMap((f) => {
    try {
      return parseSysctlText(f, readFileSync(f, "utf8"));
    } catch {
      return [];
    }
  });
}

/** Director checks: module, tools, forwarding for NAT, routes to real servers, netfilter. */
export async function doctorDirector(d: DoctorDeps): Promise<Finding[]> {
  const out: Finding[] = [];
  const proc = d.procRoot ?? "/proc";
  if (existsSync(`${proc}/net/ip_vs`)) out.push({ level: "ok", check: "ip_vs module", detail: `${proc}/net/ip_vs present` });
  else
    out.push({
      level: "fail",
      check: "ip_vs module",
      detail: `${proc}/net/ip_vs is absent: the kernel has no IPVS loaded`,
      fix: "modprobe ip_vs && echo ip_vs > /etc/modules-load.d/ipvs.conf",
    });
  if (await which("ipvsadm")) out.push({ level: "ok", check: "ipvsadm", detail: "installed" });
  else
    out.push({
      level: "warn",
      check: "ipvsadm",
      detail: "not installed: the agent uses netlink, but the fallback backend and operators need it",
      fix: "apt-get install ipvsadm (or dnf install ipvsadm)",
    });
  // how the agent reads the table (the native dump loop is ~10x the npm socket at 10k services)
  const native = loadNativeDump();
  if ("error" in native)
    out.push({
      level: "warn",
      check: "IPVS read path",
      detail: `npm netlink socket: the native dump loop is unavailable (${native.error}); reads are several times slower on big tables`,
      fix: "install a C compiler and node's headers, then: node native/build.mjs (beside the agent: ipvs_dump.node)",
    });
  else out.push({ level: "ok", check: "IPVS read path", detail: `native dump loop ${native.path}` });
  if (!d.cluster) {
    out.push({ level: "warn", check: "cluster", detail: "no revision applied on this director yet: cluster-specific checks skipped", fix: "shoal-agent apply --once" });
    return out;
  }
  const desired = desiredState(d.cluster);
  for (const [k, v] of Object.entries(requiredSysctls(desired))) {
    const cur = await d.sysctl.get(k);
    if (cur === v) out.push({ level: "ok", check: k, detail: `${k} = ${cur}` });
    else
      out.push({
        level: "fail",
        check: k,
        detail: `${k} = ${cur ?? "absent"}, NAT real servers need ${v}: replies cannot go back through this director`,
        fix: `sysctl -w ${k}=${v} and put "${k} = ${v}" in /etc/sysctl.d/90-lvs.conf`,
      });
  }
  const reals = new Set<string>();
  for (const s of desired.services) for (const dest of s.dests) reals.add(dest.address);
  for (const rs of reals) {
    try {
      const { stdout } = await run("ip", ["route", "get", rs]);
      if (/unreachable|prohibit|blackhole/.test(stdout)) throw new Error(stdout.trim());
      out.push({ level: "ok", check: `route to ${rs}`, detail: stdout.split("\n")[0]!.trim() });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      out.push({
        level: "fail",
        check: `route to ${rs}`,
        detail: `no route from this director to real server ${rs} (${(err.stderr ?? err.message).trim()}); IPVS refuses such a real server with "Invalid operation"`,
        fix: `add an address in ${rs}'s subnet on the private interface, or a route to it`,
      });
    }
  }
  const vips = desired.services.map((s) => s.address).filter((a): a is string => a !== undefined);
  for (const [tool, args] of [
    ["iptables", ["-S"]],
    ["iptables", ["-t", "mangle", "-S"]],
    ["iptables", ["-t", "nat", "-S"]],
    ["nft", ["list", "ruleset"]],
  ] as const) {
    if (!(await which(tool))) continue;
    const text = await run(tool, [...args]).then(
      (r) => r.stdout,
      () => "",
    );
    const hits = interferingRules(text, vips);
    if (hits.length)
      out.push({
        level: "warn",
        check: `${tool} ${args.join(" ")}`,
        detail: `rules that name a VIP or set marks (may drop, NAT or mis-steer LVS traffic):\n    ${hits.slice(0, 10).join("\n    ")}`,
        fix: "check these rules are intended; IPVS sees packets after mangle PREROUTING and before filter INPUT",
      });
  }
  return out;
}

/** Real-server checks: VIPs on lo/tunl0, ARP sysctls live and persisted, rp_filter for TUN. */
export async function doctorRealServer(d: DoctorDeps): Promise<Finding[]> {
  const out: Finding[] = [];
  if (!d.cluster) return [{ level: "warn", check: "cluster", detail: "no cluster known on this host", fix: "shoal-agent realserver --once --backup-file CLUSTER.json" }];
  const present = await d.addresses.list();
  const needs = [...new Set(present.map((a) => a.address))].map((a) => realServerNeeds(d.cluster!, a)).filter((n) => n.dr.length || n.tun.length);
  if (!needs.length) return [{ level: "ok", check: "role", detail: "none of this host's addresses is a DR or TUN real server of the cluster" }];
  const wanted = desiredRealServer(needs);
  const have = new Set(present.map((a) => `${a.iface} ${a.address}`));
  for (const v of wanted.vips) {
    if (have.has(`${v.device} ${v.address}`)) out.push({ level: "ok", check: `VIP ${v.address} on ${v.device}`, detail: `for ${v.services.join(", ")}` });
    else
      out.push({
        level: "fail",
        check: `VIP ${v.address} on ${v.device}`,
        detail: `missing: this real server drops the packets the director forwards for ${v.services.join(", ")}`,
        fix: `ip addr add ${v.address}/${v.family === "inet6" ? 128 : 32} dev ${v.device}${v.device === "lo" ? "" : ` (after: modprobe ${v.module}; ip link set ${v.device} up)`} — or run shoal-agent realserver`,
      });
  }
  for (const [k, v] of Object.entries(wanted.sysctls)) {
    const cur = await d.sysctl.get(k);
    const why = k.endsWith("rp_filter")
      ? "the decapsulated packets are dropped by reverse-path filtering"
      : "this real server may answer ARP for the VIP and steal the director's traffic";
    if (cur === v) out.push({ level: "ok", check: k, detail: `${k} = ${cur}` });
    else out.push({ level: "fail", check: k, detail: `${k} = ${cur ?? "absent"}, needs ${v}: ${why}`, fix: `sysctl -w ${k}=${v}` });
  }
  const lines = readSysctlFiles(d.sysctlFiles ?? sysctlFiles());
  for (const f of checkSysctlLines(lines, wanted.sysctls)) out.push({ level: "fail", check: `${f.file}:${f.line}`, detail: f.problem, fix: f.fix });
  const lost = notPersisted(lines, wanted.sysctls).filter((k) => !k.includes("tunl0"));
  if (lost.length)
    out.push({
      level: "warn",
      check: "sysctl persistence",
      detail: `not set in /etc/sysctl.conf or /etc/sysctl.d: ${lost.join(", ")} (lost at reboot unless shoal-agent realserver runs)`,
      fix: `printf '%s\\n' ${lost.map((k) => `'${k} = ${wanted.sysctls[k]}'`).join(" ")} > /etc/sysctl.d/90-lvs-realserver.conf`,
    });
  return out;
}
