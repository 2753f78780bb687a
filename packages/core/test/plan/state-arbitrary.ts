/**
 * fast-check generators of kernel tables (IpvsState) drawn from small pools of addresses, so two
 * tables share services and real servers often: what a planner must be tested on. They cover what
 * the topology arbitraries do not: gue/gre tunnels, marks >= 2^31, weights up to INT_MAX, and
 * services the console does not manage.
 */
import fc from "fast-check";
import { SCHEDULERS, type IpvsState, type KernelDest, type KernelService } from "../../src/index.ts";
import { stateServiceKey } from "../../src/plan/keys.ts";

const V4 = ["10.0.0.1", "10.0.0.2", "192.168.1.1", "172.16.0.9"];
const V6 = ["2001:db8::1", "2001:db8::2"];
const RS4 = ["10.1.0.1", "10.1.0.2", "10.1.0.3", "10.1.0.4", "192.168.2.7", "172.16.1.1"];
const RS6 = ["2001:db8:1::1", "2001:db8:1::2", "2001:db8:1::3"];

const weight = fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 2_147_483_647 }));

function dest(fam: "inet" | "inet6", svcPort: number | undefined): fc.Arbitrary<KernelDest> {
  return fc
    .record({
      address: fc.constantFrom(...(fam === "inet" ? RS4 : RS6)),
      forwarding: fc.constantFrom("masq" as const, "route" as const, "tunnel" as const),
      natPort: fc.constantFrom(80, 8080, 0),
      weight,
      upper: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100_000 })),
      lower: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100_000 })),
      tunnel: fc.constantFrom("ipip", "gue", "gre"),
      tunPort: fc.integer({ min: 1, max: 65535 }),
      csum: fc.constantFrom("nocsum" as const, "csum" as const, "remcsum" as const),
    })
    .map((r) => {
      const port = r.forwarding === "masq" || svcPort === undefined ? r.natPort : svcPort;
      const d: KernelDest = { address: r.address, port, forwarding: r.forwarding, weight: r.weight, upperThreshold: r.upper, lowerThreshold: r.lower };
      if (r.forwarding === "tunnel" && r.tunnel !== "ipip") {
        d.tunnelType = r.tunnel;
        if (r.tunnel === "gue") d.tunnelPort = r.tunPort;
        d.tunnelCsum = r.tunnel === "gre" && r.csum === "remcsum" ? "csum" : r.csum;
      }
      return d;
    });
}

export const kernelService: fc.Arbitrary<KernelService> = fc
  .record({
    protocol: fc.constantFrom("tcp" as const, "udp" as const, "sctp" as const, "fwmark" as const),
    family: fc.constantFrom("inet" as const, "inet6" as const),
    a4: fc.constantFrom(...V4),
    a6: fc.constantFrom(...V6),
    port: fc.constantFrom(80, 443, 53, 0),
    fwmark: fc.constantFrom(1, 2, 7, 2_147_483_653, 4_000_000_000),
    scheduler: fc.constantFrom(...SCHEDULERS),
    flags: fc.subarray(["fallback", "port"]),
    persistence: fc.option(fc.integer({ min: 1, max: 2_678_400 }), { nil: undefined }),
    netmask: fc.option(fc.integer({ min: 1, max: 127 }), { nil: undefined }),
    pe: fc.boolean(),
    onePacket: fc.boolean(),
  })
  .chain((r) => {
    const fwmark = r.protocol === "fwmark";
    const svcPort = fwmark ? undefined : r.port;
    return fc.uniqueArray(dest(r.family, svcPort), { maxLength: 5, selector: (d) => `${d.address} ${d.port}` }).map((dests): KernelService => {
      const s: KernelService = { protocol: r.protocol, family: r.family, scheduler: r.scheduler, schedFlags: [], onePacket: false, dests };
      if (fwmark) s.fwmark = r.fwmark;
      else {
        s.address = r.family === "inet" ? r.a4 : r.a6;
        s.port = r.port;
      }
      if (r.scheduler === "sh" || r.scheduler === "mh") s.schedFlags = r.flags.map((f) => `${r.scheduler}-${f}` as "sh-port").sort();
      let persistence = r.persistence;
      if (!fwmark && r.port === 0 && persistence === undefined) persistence = 360; // port 0 needs -p
      if (persistence !== undefined) {
        s.persistence = persistence;
        const max = r.family === "inet6" ? 128 : 32;
        if (r.netmask !== undefined && r.netmask < max) s.persistenceNetmask = r.netmask;
        if (r.pe && r.protocol === "udp") s.persistenceEngine = "sip";
      }
      if (r.onePacket && (r.protocol === "udp" || fwmark)) s.onePacket = true;
      return s;
    });
  });

export const kernelState: fc.Arbitrary<IpvsState> = fc
  .record({
    services: fc.uniqueArray(kernelService, { maxLength: 8, selector: stateServiceKey }),
    timeouts: fc.option(fc.record({ tcp: fc.integer({ min: 0, max: 9000 }), tcpFin: fc.integer({ min: 0, max: 600 }), udp: fc.integer({ min: 0, max: 600 }) }), { nil: undefined }),
  })
  .map(({ services, timeouts }) => (timeouts ? { services, timeouts } : { services }));
