// Issue 2's last proof: core's renderIpvsadmRules output, fed to the real `ipvsadm -R`, reads back
// through `ipvsadm -S -n` + parseIpvsadmSave as exactly the state core meant (desiredState).
// The topology is generated from a fixed seed and covers every scheduler this kernel has, the
// three forwarding methods (ipip, gue, gre tunnels), persistence (netmask, sip), fwmark, IPv6.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import {
  canonicalState,
  Cluster,
  desiredState,
  validateCluster,
  parseIpvsadmSave,
  renderIpvsadmRules,
  SCHEDULERS,
  type ClusterInput,
  type RealServerInput,
  type VirtualServiceInput,
} from "../../../packages/core/src/index.ts";
import { NetlinkIpvsKernel } from "../../../packages/agent/src/kernel/netlink/ipvs-netlink.ts";
import { check, comparable, failures, firstDifference, stable } from "../kernel/lib.ts";

const SEED = 20261122;
function mulberry32(a: number) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(SEED);
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

// a scheduler is usable when its module is loaded (init loads every one the kernel ships)
const modules = readFileSync("/proc/modules", "utf8");
const present = SCHEDULERS.filter((s) => modules.includes(`ip_vs_${s} `) || existsSync(`/sys/module/ip_vs_${s}`));
const missing = SCHEDULERS.filter((s) => !present.includes(s));
console.log(
  `INFO: kernel ${execFileSync("uname", ["-r"], { encoding: "utf8" }).trim()}: schedulers ${present.join(" ")}${missing.length ? `; not in this kernel: ${missing.join(" ")}` : ""}`,
);
for (const s of missing) {
  const r = spawnSync("ipvsadm", ["-A", "-t", "10.30.255.1:1", "-s", s], { encoding: "utf8" });
  check(
    `scheduler ${s} is absent from this kernel and ipvsadm says so ("${r.stderr.trim()}")`,
    r.status !== 0 && /Scheduler or persistence engine not found/.test(r.stderr),
    r.stderr,
  );
}

const services: VirtualServiceInput[] = [];
let n = 0;
for (const scheduler of present) {
  for (let rep = 0; rep < 2; rep++) {
    n++;
    const v6 = rnd() < 0.35;
    const protocol = pick(["tcp", "tcp", "udp", "sctp", "fwmark"] as const);
    const family = v6 ? "inet6" : "inet";
    const vs: VirtualServiceInput = { name: `vs${n}`, protocol, family, scheduler };
    if (protocol === "fwmark") vs.fwmark = 100 + n;
    else {
      vs.address = v6 ? `fd00:30::${(1000 + n).toString(16)}` : `10.30.0.${n}`;
      vs.port = pick([80, 443, 53, 8080, 0]);
      if (vs.port === 0) vs.persistence = 300; // port 0 services must be persistent
    }
    if (rnd() < 0.4) vs.persistence = pick([60, 300, 1800, 3600]);
    if (vs.persistence && rnd() < 0.5) vs.persistenceNetmask = v6 ? pick([48, 64, 96]) : pick([16, 24, 28]);
    if (vs.persistence && protocol === "udp" && rnd() < 0.5) vs.persistenceEngine = "sip";
    if (protocol === "udp" && rnd() < 0.5) vs.onePacket = true;
    if (scheduler === "sh" || scheduler === "mh") vs.schedFlags = rnd() < 0.5 ? [`${scheduler}-fallback`, `${scheduler}-port`] : [`${scheduler}-port`];
    const method = (["masq", "route", "tunnel"] as const)[n % 3]!;
    const rs: RealServerInput[] = [];
    for (let k = 1; k <= int(1, 4); k++) {
      const r: RealServerInput = {
        address: v6 ? `fd00:31::${(n * 16 + k).toString(16)}` : `10.31.${n}.${k}`,
        // DR and TUN cannot map ports (core's validation refuses it): only NAT picks its own
        port: protocol === "fwmark" ? 0 : method === "masq" ? pick([80, 8080, 8443]) : (vs.port ?? 0),
        forwarding: method,
        weight: int(0, 100),
      };
      if (method === "tunnel") {
        const type = pick(["ipip", "gue", "gre"] as const);
        r.tunnel =
          type === "gue"
            ? { type, port: int(1024, 65535), csum: pick(["nocsum", "csum", "remcsum"] as const) }
            : type === "gre"
              ? { type, csum: pick(["nocsum", "csum"] as const) }
              : { type };
      }
      rs.push(r);
    }
    vs.realServers = rs;
    services.push(vs);
  }
}
const input: ClusterInput = { name: "lab-render", timeouts: { tcp: 7200, tcpFin: 90, udp: 240 }, virtualServices: services };
const cluster = Cluster.parse(input);
const problems = validateCluster(cluster).filter((d) => d.severity === "error");
check(
  "the generated topology is valid for core (validateCluster: no errors)",
  problems.length === 0,
  problems.map((d) => d.message.en),
);
const rules = renderIpvsadmRules(cluster);
const want = desiredState(cluster);
const nDests = want.services.reduce((a, s) => a + s.dests.length, 0);
console.log(`INFO: seed ${SEED}: ${want.services.length} services, ${nDests} real servers, ${rules.split("\n").length - 1} rule lines`);

const restore = spawnSync("ipvsadm", ["-R"], { input: rules, encoding: "utf8" });
check(`ipvsadm -R accepts core's rendered rules (exit ${restore.status})`, restore.status === 0 && restore.stderr.trim() === "", restore.stderr);
const saved = parseIpvsadmSave(execFileSync("ipvsadm", ["-S", "-n"], { encoding: "utf8" }));
check("ipvsadm -S -n parses back (parseIpvsadmSave)", saved.ok, saved.ok ? undefined : saved.errors);
if (saved.ok) {
  const a = comparable(canonicalState(saved.value));
  const b = comparable(canonicalState(want));
  check(`... to the same state core rendered (${want.services.length} services, ${nDests} real servers)`, a === b, firstDifference(a, b));
}
const t = /(\d+) (\d+) (\d+)/.exec(execFileSync("ipvsadm", ["-L", "--timeout"], { encoding: "utf8" }));
check("the rendered --set line took effect (7200 90 240)", t?.slice(1).join(" ") === "7200 90 240", t?.[0]);
const k = await NetlinkIpvsKernel.open();
const mine = await k.read();
await k.close();
check(
  "the agent's netlink read sees the same table",
  comparable(mine) === comparable(canonicalState(want)) && stable(mine.timeouts) === stable({ tcp: 7200, tcpFin: 90, udp: 240 }),
  firstDifference(comparable(mine), comparable(canonicalState(want))),
);
process.exit(failures() ? 1 : 0);
