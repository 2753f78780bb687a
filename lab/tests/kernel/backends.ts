// Both IPVS backends against the real kernel, in the current network namespace.
// Usage (inside the guest): node backends.mjs netlink|ipvsadm table|bare
// "table": a namespace routing 10.20.0.0/24 and fd00:20::/64; "bare": a namespace with no route at all.
import type { KernelDest, Operation, ServiceKeyParts, ServiceSpec } from "../../../packages/core/src/index.ts";
import { check, comparable, failures, ipvsadm, openBackend, savedTable, stable, thresholdsListing } from "./lib.ts";

const [backend = "netlink", mode = "table"] = process.argv.slice(2);
const k = await openBackend(backend);
const B = `[${backend}]`;

const svc = (protocol: ServiceSpec["protocol"], address: string | undefined, port: number | undefined, scheduler: string, more: Partial<ServiceSpec> = {}): ServiceSpec => ({
  protocol,
  family: address?.includes(":") ? "inet6" : "inet",
  ...(address !== undefined ? { address, port } : {}),
  scheduler,
  schedFlags: [],
  onePacket: false,
  ...more,
});
const dest = (address: string, port: number, forwarding: KernelDest["forwarding"], weight: number, more: Partial<KernelDest> = {}): KernelDest => ({
  address,
  port,
  forwarding,
  weight,
  upperThreshold: 0,
  lowerThreshold: 0,
  ...more,
});
const key = (s: ServiceSpec): ServiceKeyParts => s;

if (mode === "bare") {
  // no address, no route: the kernel refuses any real server (inet_addr_type is not unicast)
  const s = svc("tcp", "10.99.0.100", 80, "rr");
  const r = await k.apply([
    { kind: "add-service", service: s },
    { kind: "add-dest", service: key(s), dest: dest("10.99.0.11", 80, "masq", 1) },
  ]);
  const e = r.errors[0];
  check(`${B} a real server with no route is refused`, !r.ok && e?.index === 1 && e.op.kind === "add-dest", r);
  check(`${B} ... with the kernel's message and errno`, e?.errno === 22 && /^Invalid operation/.test(e.message), e);
  check(`${B} ... after applying the service before it`, stable(r.applied) === "[0]", r.applied);
  await k.close();
  process.exit(failures() ? 1 : 0);
}

// 1. one of everything ------------------------------------------------------------------
const nat = svc("tcp", "10.20.0.100", 80, "wrr");
const dr = svc("udp", "10.20.0.100", 53, "rr");
const tun = svc("tcp", "10.20.0.101", 443, "wlc");
const fwm = svc("fwmark", undefined, undefined, "sh", { fwmark: 7, schedFlags: ["sh-fallback", "sh-port"], persistence: 300, persistenceNetmask: 24 });
const v6 = svc("tcp", "fd00:20::100", 443, "mh", { schedFlags: ["mh-port"] });
const sctp = svc("sctp", "10.20.0.102", 3868, "lc");
const sip = svc("udp", "10.20.0.103", 5060, "rr", { persistence: 60, persistenceEngine: "sip" });
const one = svc("udp", "10.20.0.104", 514, "nq", { onePacket: true });
const fw6 = svc("fwmark", undefined, undefined, "dh", { family: "inet6", fwmark: 8 });
const services = [nat, dr, tun, fwm, v6, sctp, sip, one, fw6];
const ops: Operation[] = [
  ...services.map((s): Operation => ({ kind: "add-service", service: s })),
  { kind: "add-dest", service: key(nat), dest: dest("10.20.0.11", 8080, "masq", 3) },
  { kind: "add-dest", service: key(nat), dest: dest("10.20.0.12", 8080, "masq", 1, { upperThreshold: 100, lowerThreshold: 50 }) },
  { kind: "add-dest", service: key(dr), dest: dest("10.20.0.11", 53, "route", 1) },
  { kind: "add-dest", service: key(tun), dest: dest("10.20.0.21", 443, "tunnel", 1) },
  { kind: "add-dest", service: key(tun), dest: dest("10.20.0.22", 443, "tunnel", 2, { tunnelType: "gue", tunnelPort: 6080, tunnelCsum: "csum" }) },
  { kind: "add-dest", service: key(tun), dest: dest("10.20.0.23", 443, "tunnel", 2, { tunnelType: "gre", tunnelCsum: "nocsum" }) },
  { kind: "add-dest", service: key(fwm), dest: dest("10.20.0.31", 0, "route", 1) },
  { kind: "add-dest", service: key(v6), dest: dest("fd00:20::11", 8443, "masq", 1) },
  { kind: "add-dest", service: key(sctp), dest: dest("10.20.0.41", 3868, "route", 1) },
  { kind: "add-dest", service: key(sip), dest: dest("10.20.0.51", 5060, "route", 1) },
  { kind: "add-dest", service: key(one), dest: dest("10.20.0.61", 514, "masq", 1) },
  { kind: "add-dest", service: key(fw6), dest: dest("fd00:20::31", 0, "route", 1) },
  { kind: "set-timeouts", timeouts: { tcp: 901, tcpFin: 121, udp: 301 } },
];
let r = await k.apply(ops);
check(`${B} apply ${ops.length} operations: NAT, DR, TUN (ipip, gue, gre), fwmark, IPv6, SCTP, persistence, sip, one-packet`, r.ok && r.applied.length === ops.length, r.errors);
let mine = await k.read();
check(`${B} read back equals ipvsadm -S -n`, comparable(mine) === comparable(savedTable()), { mine: comparable(mine), saved: comparable(savedTable()) });
const natRead = mine.services.find((s) => s.address === "10.20.0.100" && s.port === 80);
const thr = thresholdsListing()
  .services.find((s) => s.address === "10.20.0.100" && s.port === 80)
  ?.dests.find((d) => d.address === "10.20.0.12");
const mineThr = natRead?.dests.find((d) => d.address === "10.20.0.12");
check(
  `${B} thresholds read back as ipvsadm -Ln --thresholds shows them (100/50)`,
  mineThr?.upperThreshold === 100 && mineThr.lowerThreshold === 50 && thr?.upperThreshold === 100 && thr.lowerThreshold === 50,
  { mineThr, thr },
);
const t = await k.readTimeouts();
const shown = /(\d+) (\d+) (\d+)/.exec(ipvsadm("-L", "--timeout"));
check(`${B} timeouts set and read back (901 121 301)`, stable(t) === stable({ tcp: 901, tcpFin: 121, udp: 301 }) && shown?.slice(1).join(" ") === "901 121 301", {
  t,
  shown: shown?.[0],
});
check(`${B} read() includes the timeouts`, stable(mine.timeouts) === stable(t), mine.timeouts);

// 2. edit, drain, delete ---------------------------------------------------------------------
const natWlc = { ...nat, scheduler: "wlc", persistence: 120 };
const d11 = dest("10.20.0.11", 8080, "masq", 3);
r = await k.apply([
  { kind: "edit-service", service: natWlc, before: nat },
  { kind: "edit-dest", service: key(nat), dest: { ...d11, weight: 5 }, before: d11 },
  { kind: "drain-dest", service: key(dr), dest: dest("10.20.0.11", 53, "route", 0), before: dest("10.20.0.11", 53, "route", 1) },
  { kind: "delete-dest", service: key(tun), dest: dest("10.20.0.23", 443, "tunnel", 2) },
  { kind: "delete-service", service: sctp },
]);
mine = await k.read();
check(`${B} edit-service, edit-dest, drain-dest, delete-dest, delete-service applied`, r.ok, r.errors);
check(`${B} ... read back equals ipvsadm -S -n`, comparable(mine) === comparable(savedTable()), { mine: comparable(mine), saved: comparable(savedTable()) });
const n2 = mine.services.find((s) => s.address === "10.20.0.100" && s.port === 80);
check(
  `${B} ... scheduler wlc, persistence 120, weight 5, drained weight 0, gre dest and SCTP service gone`,
  n2?.scheduler === "wlc" &&
    n2.persistence === 120 &&
    n2.dests.find((d) => d.address === "10.20.0.11")?.weight === 5 &&
    mine.services.find((s) => s.protocol === "udp" && s.port === 53)?.dests[0]?.weight === 0 &&
    !mine.services.find((s) => s.port === 443 && s.address === "10.20.0.101")?.dests.some((d) => d.address === "10.20.0.23") &&
    !mine.services.some((s) => s.protocol === "sctp"),
  n2,
);

// 3. refusals carry the kernel's message and the operation ------------------------------------
const refusals: [Operation, number, string][] = [
  [{ kind: "add-service", service: dr }, 17, "Service already exists"],
  [{ kind: "add-service", service: svc("tcp", "10.20.0.105", 80, "nosuch") }, 2, "Scheduler or persistence engine not found"],
  [{ kind: "edit-service", service: sctp, before: sctp }, 3, "No such service"],
  [{ kind: "delete-service", service: sctp }, 3, "No such service"],
  [{ kind: "add-dest", service: key(sctp), dest: dest("10.20.0.41", 1, "route", 1) }, 3, "Service not defined"],
  [{ kind: "add-dest", service: key(nat), dest: d11 }, 17, "Destination already exists"],
  [{ kind: "edit-dest", service: key(nat), dest: dest("10.20.0.99", 1, "masq", 1), before: dest("10.20.0.99", 1, "masq", 1) }, 2, "No such destination"],
  [{ kind: "delete-dest", service: key(nat), dest: dest("10.20.0.99", 1, "masq", 1) }, 2, "No such destination"],
  [{ kind: "add-dest", service: key(nat), dest: dest("10.20.0.255", 80, "masq", 1) }, 22, "Invalid operation.  Possibly wrong module version, address not unicast, ..."],
];
for (const [op, errno, message] of refusals) {
  const rr = await k.apply([op]);
  const e = rr.errors[0];
  // ipvsadm prints only the message: the errno is recovered from it
  check(`${B} ${op.kind} refused: "${message}"`, !rr.ok && e?.index === 0 && e.message === message && e.errno === errno && e.op === op, rr);
}

// 4. a batch stops at the refused operation and says what was applied ------------------------
const s2 = svc("tcp", "10.20.0.110", 80, "rr");
const batch: Operation[] = [
  { kind: "add-service", service: s2 },
  { kind: "add-dest", service: key(s2), dest: dest("10.20.0.11", 80, "masq", 1) },
  { kind: "add-dest", service: key(s2), dest: dest("10.20.0.255", 80, "masq", 1) },
  { kind: "add-dest", service: key(s2), dest: dest("10.20.0.12", 80, "masq", 1) },
];
r = await k.apply(batch);
const e = r.errors[0];
check(`${B} batch: the refused operation is reported (index 2, broadcast real server)`, !r.ok && e?.index === 2 && e.errno === 22, r);
check(`${B} batch: operations before it are reported applied`, r.applied.includes(0) && r.applied.includes(1), r);
const after = (await k.read()).services.find((s) => s.address === "10.20.0.110");
const has12 = !!after?.dests.some((d) => d.address === "10.20.0.12");
check(
  `${B} batch: the report matches the kernel (op 3 ${has12 ? "applied by the kernel in the same send" : "not applied"})`,
  !!after &&
    after.dests.some((d) => d.address === "10.20.0.11") &&
    !after.dests.some((d) => d.address === "10.20.0.255") &&
    has12 === r.applied.includes(3) &&
    has12 !== r.notAttempted.includes(3),
  { after, r },
);
check(`${B} read back still equals ipvsadm -S -n`, comparable(await k.read()) === comparable(savedTable()));
await k.close();
process.exit(failures() ? 1 : 0);
