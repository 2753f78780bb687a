/**
 * A plan exercised on the real kernel (test/golden/ipvsadm/plan-batch.*): from the golden table
 * to a desired one with every kind of change. plan-batch-check.sh restored `current`, ran the
 * batch with `ipvsadm -R` on kernel 6.1 and captured `ipvsadm -S -n` afterwards.
 */
import { desiredState, type IpvsState } from "../../src/index.ts";
import { goldenCluster } from "../ipvsadm/golden-cluster.ts";

export function batchScenario(): { current: IpvsState; desired: IpvsState } {
  const current = desiredState(goldenCluster);
  const desired: IpvsState = structuredClone(current);
  const find = (addr: string, port: number) => desired.services.find((s) => s.address === addr && s.port === port)!;
  const dest = (s: IpvsState["services"][number], addr: string) => s.dests.find((d) => d.address === addr)!;
  const web = find("10.9.0.100", 80);
  web.scheduler = "sh"; // scheduler, flags, persistence edited in place
  web.schedFlags = ["sh-port"];
  web.persistence = 60;
  delete web.persistenceNetmask;
  web.dests = web.dests.filter((d) => d.address !== "10.9.0.12"); // a real server removed
  Object.assign(dest(web, "10.9.0.11"), { weight: 3, upperThreshold: 0, lowerThreshold: 0 }); // weight, thresholds off
  Object.assign(dest(web, "10.9.0.13"), { tunnelType: "gre", tunnelCsum: "csum" }); // ipip -> gre
  Object.assign(dest(web, "192.168.50.20"), { forwarding: "tunnel", tunnelType: "gue", tunnelPort: 7777, tunnelCsum: "remcsum", upperThreshold: 5, lowerThreshold: 1 }); // route -> gue
  web.dests.push({ address: "10.9.0.40", port: 80, forwarding: "route", weight: 9, upperThreshold: 10, lowerThreshold: 2 }); // added
  const dns = find("10.9.0.100", 53);
  dns.onePacket = false;
  dns.scheduler = "lc";
  const sip = find("10.9.0.100", 5060); // persistence and its engine off
  delete sip.persistence;
  delete sip.persistenceEngine;
  desired.services = desired.services.filter((s) => s.protocol !== "sctp"); // a service removed
  desired.services.push({
    protocol: "udp",
    family: "inet6",
    address: "2001:db8::200",
    port: 123,
    scheduler: "wrr",
    schedFlags: [],
    onePacket: true,
    persistence: 10,
    persistenceNetmask: 96,
    dests: [{ address: "2001:db8::31", port: 1123, forwarding: "masq", weight: 2, upperThreshold: 0, lowerThreshold: 0 }],
  });
  desired.timeouts = { tcp: 1000, tcpFin: 0, udp: 200 };
  return { current, desired };
}
