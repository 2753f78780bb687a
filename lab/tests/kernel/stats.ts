// readWithStats() against real traffic: exact per-service and per-real-server counters (STATS64)
// and connection counts, equal to what ipvsadm shows with --stats --exact and -Ln.
// Usage (inside the guest, in the director namespace): node stats.mjs netlink|ipvsadm setup|check VIP
import { parseIpvsadmList, stateServiceKey } from "../../../packages/core/src/index.ts";
import { check, failures, ipvsadm, openBackend, stable } from "./lib.ts";

const [backend = "netlink", mode = "check", vip = "10.1.1.100"] = process.argv.slice(2);
const k = await openBackend(backend);
const B = `[${backend}]`;
const service = { protocol: "tcp" as const, family: "inet" as const, address: vip, port: 80, scheduler: "rr", schedFlags: [], onePacket: false };
if (mode === "setup") {
  const net = vip.split(".").slice(0, 2).join(".");
  const dest = (a: string) => ({ address: a, port: 80, forwarding: "masq" as const, weight: 1, upperThreshold: 0, lowerThreshold: 0 });
  const r = await k.apply([
    { kind: "add-service", service },
    { kind: "add-dest", service, dest: dest(`${net}.2.11`) },
    { kind: "add-dest", service, dest: dest(`${net}.2.12`) },
  ]);
  check(`${B} NAT service for the traffic test applied`, r.ok, r.errors);
} else {
  // the kernel folds its per-CPU counters into what it reports every 2 s (estimation timer):
  // wait until the 4 connections show, then one more round so the packet counts have settled
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  for (let i = 0; i < 10; i++) {
    const l = parseIpvsadmList(ipvsadm("-L", "-n", "--stats", "--exact"));
    if (l.ok && l.value.services.some((s) => s.address === vip && s.counters?.conns === 4)) break;
    await sleep(1000);
  }
  await sleep(2500);
  const snap = await k.readWithStats();
  const listed = parseIpvsadmList(ipvsadm("-L", "-n", "--stats", "--exact"));
  const conns = parseIpvsadmList(ipvsadm("-L", "-n"));
  if (!listed.ok || !conns.ok) throw new Error("ipvsadm listing did not parse");
  const key = stateServiceKey(service);
  const mine = snap.stats.find((s) => s.key === key);
  const theirs = listed.value.services.find((s) => stateServiceKey(s) === key);
  check(`${B} service counters equal ipvsadm --stats --exact (${JSON.stringify(mine?.counters)})`, !!mine && stable(mine.counters) === stable(theirs?.counters) && mine.counters.conns === 4, { mine: mine?.counters, theirs: theirs?.counters });
  const destsEqual = (mine?.dests ?? []).every((d) => stable(d.counters) === stable(theirs?.dests.find((x) => x.address === d.address)?.counters));
  check(`${B} per-real-server counters equal ipvsadm's, 2 connections each`, destsEqual && (mine?.dests ?? []).every((d) => d.counters.conns === 2), mine?.dests);
  const cl = conns.value.services.find((s) => stateServiceKey(s) === key);
  const connsEqual = (mine?.dests ?? []).every((d) => {
    const x = cl?.dests.find((y) => y.address === d.address);
    return x?.activeConns === d.activeConns && x.inactiveConns === d.inactiveConns;
  });
  check(`${B} active/inactive connections equal ipvsadm -Ln`, connsEqual, { mine: mine?.dests.map((d) => [d.activeConns, d.inactiveConns]), theirs: cl?.dests.map((d) => [d.activeConns, d.inactiveConns]) });
  check(`${B} stats are one per service, in state order`, snap.stats.length === snap.state.services.length && snap.stats.every((s, i) => s.key === stateServiceKey(snap.state.services[i]!)));
}
await k.close();
process.exit(failures() ? 1 : 0);
