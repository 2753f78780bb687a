// readWithStats() against real traffic: exact per-service and per-real-server counters (STATS64)
// and connection counts, equal to what ipvsadm shows with --stats --exact and -Ln.
// Usage (inside the guest, in the director namespace): node stats.mjs netlink|ipvsadm setup|check|watch VIP [SECONDS]
import { parseIpvsadmList, stateServiceKey } from "../../../packages/core/src/index.ts";
import { check, failures, ipvsadm, openBackend, stable } from "./lib.ts";
import type { IpvsKernel, IpvsSnapshot } from "../../../packages/agent/src/kernel/types.ts";
import { IncrementalReader } from "../../../packages/agent/src/metrics/incremental.ts";
import { MetricsSampler } from "../../../packages/agent/src/metrics/sampler.ts";

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
} else if (mode === "watch") {
  await watchIncremental(k, service, Number(process.argv[5] ?? 24));
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
  check(
    `${B} service counters equal ipvsadm --stats --exact (${JSON.stringify(mine?.counters)})`,
    !!mine && stable(mine.counters) === stable(theirs?.counters) && mine.counters.conns === 4,
    { mine: mine?.counters, theirs: theirs?.counters },
  );
  const destsEqual = (mine?.dests ?? []).every((d) => stable(d.counters) === stable(theirs?.dests.find((x) => x.address === d.address)?.counters));
  check(`${B} per-real-server counters equal ipvsadm's, 2 connections each`, destsEqual && (mine?.dests ?? []).every((d) => d.counters.conns === 2), mine?.dests);
  const cl = conns.value.services.find((s) => stateServiceKey(s) === key);
  const connsEqual = (mine?.dests ?? []).every((d) => {
    const x = cl?.dests.find((y) => y.address === d.address);
    return x?.activeConns === d.activeConns && x.inactiveConns === d.inactiveConns;
  });
  check(`${B} active/inactive connections equal ipvsadm -Ln`, connsEqual, {
    mine: mine?.dests.map((d) => [d.activeConns, d.inactiveConns]),
    theirs: cl?.dests.map((d) => [d.activeConns, d.inactiveConns]),
  });
  check(
    `${B} stats are one per service, in state order`,
    snap.stats.length === snap.state.services.length && snap.stats.every((s, i) => s.key === stateServiceKey(snap.state.services[i]!)),
  );
}
await k.close();
process.exit(failures() ? 1 : 0);

/**
 * The live counters' incremental sampling against the real kernel while traffic runs (stats.sh
 * sends it): 40 quiet services beside the busy one; every second one incremental sample and one
 * full readWithStats(). Checks the kernel behaves as the sampler assumes (a real server's counters
 * move only within one estimator period of its service's, before or after) and that the sampler
 * ends with exactly the full read's figures.
 */
async function watchIncremental(k: IpvsKernel, busy: typeof service, seconds: number): Promise<void> {
  const quiet = Array.from({ length: 40 }, (_, i) => ({ ...busy, port: 1000 + i }));
  const rs = (a: string) => ({ address: a, port: 80, forwarding: "masq" as const, weight: 1, upperThreshold: 0, lowerThreshold: 0 });
  const net = vip.split(".").slice(0, 2).join(".");
  const add = await k.apply(
    quiet.flatMap((q) => [
      { kind: "add-service" as const, service: q },
      { kind: "add-dest" as const, service: q, dest: rs(`${net}.2.11`) },
    ]),
  );
  check("[netlink] 40 quiet services beside the busy one", add.ok, add.errors);
  if (!k.readServiceCounters || !k.readDestCounters) {
    check("[netlink] the backend reads service counters in one dump", false);
    return;
  }
  const dumped: string[][] = [];
  const counters = {
    readServiceCounters: () => k.readServiceCounters!(),
    readDestCounters: (s: Parameters<NonNullable<IpvsKernel["readDestCounters"]>>[0]) => {
      dumped.push(s.map((x) => stateServiceKey(x)));
      return k.readDestCounters!(s);
    },
  };
  const reader = new IncrementalReader(counters, { refreshSeconds: 30, intervalSeconds: 1 });
  const sampler = new MetricsSampler({ source: (t, mono) => reader.read(t, mono) });
  const full: { mono: number; snap: IpvsSnapshot }[] = [];
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    const s = performance.now();
    await sampler.sampleOnce();
    full.push({ mono: performance.now(), snap: await k.readWithStats() });
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - s))));
  }
  // the assumption: a real server's counters change only within one estimator period (2 s) plus
  // the read's jitter of its service's, before or after. After: the kernel copies a real server's
  // stats before its service's (6.1) or at another tick (6.2+). Before: a read dumps the services
  // first and their real servers after, so an estimator run between the two shows a real server
  // moved and its service not yet; the service shows it on the next read, and the sampler reads
  // the real servers then.
  const hotMs = 4000;
  const busyKey = stateServiceKey(busy);
  const svcMoves: number[] = [];
  const destMoved: { mono: number; sample: number; dest: string; before: unknown; after: unknown }[] = [];
  const svcOf = (x: IpvsSnapshot) => x.stats.find((s) => s.key === busyKey);
  for (let i = 1; i < full.length; i++) {
    const a = svcOf(full[i - 1]!.snap);
    const b = svcOf(full[i]!.snap);
    if (!a || !b) continue;
    if (stable(a.counters) !== stable(b.counters)) svcMoves.push(full[i]!.mono);
    b.dests.forEach((d) => {
      const before = a.dests.find((x) => x.address === d.address);
      if (stable(before?.counters) !== stable(d.counters)) destMoved.push({ mono: full[i]!.mono, sample: i, dest: d.address, before: before?.counters, after: d.counters });
    });
  }
  const destMoves = destMoved.length;
  const orphan = destMoved.find((m) => !svcMoves.some((t) => Math.abs(m.mono - t) <= hotMs)) ?? null;
  check(`[netlink] a real server's counters moved only within an estimator period of its service's (${destMoves} moves seen)`, destMoves > 0 && orphan === null, orphan);
  // the sampler's last figures are the kernel's (traffic ended > hot window before the end)
  const last = full.at(-1)!.snap;
  const t = sampler.table;
  let mismatch: unknown = null;
  for (const s of last.stats) {
    const slot = t.slotOf(s.key);
    if (slot === undefined) {
      mismatch ??= { missing: s.key };
      continue;
    }
    for (const d of s.dests) {
      const ds = t.svcDests[slot]!.get(`${d.address}:${d.port}`);
      const mine = ds === undefined ? undefined : Array.from(t.dst.cur.subarray(ds * 5, ds * 5 + 5));
      const want = [d.counters.conns, d.counters.inPkts, d.counters.outPkts, d.counters.inBytes, d.counters.outBytes];
      if (stable(mine) !== stable(want) || t.dst.active[ds!] !== d.activeConns || t.dst.inactive[ds!] !== d.inactiveConns)
        mismatch ??= { service: s.key, dest: d.address, mine, want };
    }
  }
  check("[netlink] incremental sampling ends with every real server's counters equal to a full read", mismatch === null, mismatch);
  const busySlot = t.slotOf(busyKey)!;
  check("[netlink] the busy service's counters reached the sampler", t.svc.cur[busySlot * 5]! > 0, Array.from(t.svc.cur.subarray(busySlot * 5, busySlot * 5 + 5)));
  // steady state: the first samples read everything (new services), then the busy one when it moves plus a slice (41 services at 30 s: 2-3 a sample, more when samples run late)
  const steady = dumped.slice(6).map((d) => d.length);
  check(
    `[netlink] after the first samples, only busy services and a rotating slice are dumped (${steady.join(",")})`,
    steady.length > 0 && Math.max(...steady) <= 5 && dumped[0]!.length === 41,
    dumped.map((d) => d.length),
  );
  const quietSlot = t.slotOf(stateServiceKey(quiet[0]!))!;
  const qd = [...t.svcDests[quietSlot]!.values()][0]!;
  check("[netlink] a quiet service's real server rates exactly 0", t.dst.flag[qd] === 0 && Array.from(t.dst.rate.subarray(qd * 5, qd * 5 + 5)).every((x) => x === 0), {
    flag: t.dst.flag[qd],
  });
}
