// The reconcile's table read (readPlanView: /proc/net/ip_vs, netlink for what /proc cannot show)
// against the full netlink read in the real kernel, and the rule for hand-made changes:
// what /proc shows is found at once, a hidden attribute on a service that wants one at once, a
// hidden attribute appearing on a plain service at the next full read.
// Usage (inside the guest, a namespace routing 10.20.0.0/16 and fd00:20::/64): node proc-read.mjs
import { execFileSync } from "node:child_process";
import { stateServiceKey, type IpvsState } from "../../../packages/core/src/index.ts";
import { NetlinkIpvsKernel } from "../../../packages/agent/src/kernel/netlink/ipvs-netlink.ts";
import { PlanReader } from "../../../packages/agent/src/reconcile/plan-read.ts";
import { check, failures, stable } from "./lib.ts";
import { dest, mixedTable, svc } from "./mixed-table.ts";

const plain = svc("tcp", "10.20.0.99", 80, "wrr");
const v6ops = svc("udp", "fd00:20::100", 514, "rr", { onePacket: true });
const ops4 = svc("udp", "10.20.0.104", 514, "nq", { onePacket: true });
const sip = svc("udp", "10.20.0.103", 5060, "rr", { persistence: 60, persistenceEngine: "sip" });
const { services: all, ops, add } = mixedTable([plain, v6ops, ops4, sip]);
add(plain, dest("10.20.0.9", 8080, "masq", 2));
add(v6ops, dest("fd00:20::13", 514, "route", 1));
add(ops4, dest("10.20.0.41", 514, "route", 1));
add(sip, dest("10.20.0.51", 5060, "route", 1));

const ipvsadm = (...a: string[]) => execFileSync("ipvsadm", a, { encoding: "utf8" });
const k = await NetlinkIpvsKernel.open({ log: (m) => console.log(`    agent: ${m}`) });
const r = await k.apply(ops);
check(`table applied (${ops.length} operations)`, r.ok, r.errors);
const desired: IpvsState = await k.read();

const reader = new PlanReader(k, 45_000);
let v = await reader.read(desired, 0);
check("the first read is a full netlink read", v.source === "netlink", v.source);
check("/proc/self/net/ip_vs agreed with it: trusted from now on", k.planViewDistrust === "");
v = await reader.read(desired, 2_000);
check(`the next read is /proc's (${v.source})`, v.source.startsWith("proc"));
check(`/proc read natively through io_uring in this kernel (${JSON.stringify(k.planViewFileRead)})`, k.planViewFileRead?.mode === "uring");
check("it equals the full netlink read exactly (thresholds, tunnels, flags, ops, sip, persistence, fwmark, IPv6, timeouts)", stable(v.state) === stable(await k.read()), {
  got: v.state.services.map(stateServiceKey),
});
const hidden = new Set([
  "tcp 10.20.0.100:80",
  "udp 10.20.0.100:53",
  "tcp 10.20.0.101:443",
  "fwmark 7 inet",
  "tcp [fd00:20::100]:443",
  "udp [fd00:20::100]:514",
  "udp 10.20.0.103:5060",
]);
check(`netlink read only the services with something /proc cannot show: ${v.source}`, v.source === `proc + netlink for ${hidden.size} services`);

ipvsadm("-e", "-t", "10.20.0.99:80", "-r", "10.20.0.9:8080", "-m", "-w", "5");
v = await reader.read(desired, 4_000);
check("a weight edited by hand is seen by the /proc read at once", v.state.services.find((s) => s.address === "10.20.0.99")?.dests[0]?.weight === 5);
check(`... parsing only that service again (${v.source})`, v.source.endsWith(", 1 services parsed"));
check("... and it still equals the full netlink read", stable(v.state) === stable(await k.read()));
ipvsadm("-e", "-t", "10.20.0.100:80", "-r", "10.20.0.11:8080", "-m", "-w", "3", "-x", "77", "-y", "50");
v = await reader.read(desired, 6_000);
check(
  "a threshold edited by hand on a service that has thresholds is seen at once",
  v.state.services.find((s) => s.address === "10.20.0.100" && s.port === 80)?.dests[0]?.upperThreshold === 77,
);
ipvsadm("-e", "-t", "10.20.0.99:80", "-r", "10.20.0.9:8080", "-m", "-w", "5", "-x", "40");
v = await reader.read(desired, 8_000);
const plainNow = () => v.state.services.find((s) => s.address === "10.20.0.99")?.dests[0]?.upperThreshold;
check("a threshold put by hand on a plain service is not visible to /proc (the documented gap)", plainNow() === 0 && v.source.startsWith("proc"));
v = await reader.read(desired, 46_000);
check(`... and is found by the periodic full read (${v.source})`, plainNow() === 40 && v.source === "netlink");
v = await reader.read(desired, 48_000);
check(
  "from then on that service is read through netlink every cycle, until it is back to the defaults",
  plainNow() === 40 && v.source === `proc + netlink for ${hidden.size + 1} services`,
);
ipvsadm("-D", "--sctp-service", "10.20.0.102:3868");
v = await reader.read(desired, 50_000);
check("a service deleted by hand is gone from the next /proc read", !v.state.services.some((s) => s.protocol === "sctp"));

// /proc of another network namespace (init's, which has no such table) is never trusted
const other = await NetlinkIpvsKernel.open({ procPath: "/proc/1/net/ip_vs" });
await other.readPlanView({ full: true, exact: () => false });
check(`a /proc of another namespace is refused: ${other.planViewDistrust}`, other.planViewDistrust.includes("differs from netlink"));
const o = await other.readPlanView({ full: false, exact: () => false });
check("and the read stays on netlink", o.source === "netlink" && o.state.services.length === all.length - 1);
await other.close();
await k.close();
process.exit(failures() ? 1 : 0);
