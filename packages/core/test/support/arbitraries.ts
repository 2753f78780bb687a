/**
 * fast-check generators of valid topologies, shared by every round-trip property.
 * They produce *input* objects; pass them through Cluster.parse to get the model with defaults.
 * Kept valid by construction (unique keys, route/tunnel ports equal the service port, flags only
 * on sh/mh, ...); validateCluster must find no errors in them (a property checks that).
 */
import fc from "fast-check";
import { SCHEDULERS, type ClusterInput, type HealthCheckInput, type RealServerInput, type VirtualServiceInput } from "../../src/index.ts";

const octet = fc.integer({ min: 1, max: 254 });
export const ipv4 = fc.tuple(octet, fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), octet).map((p) => p.join("."));
export const ipv6 = fc
  .tuple(fc.integer({ min: 1, max: 0xffff }), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 1, max: 0xffff }))
  .map(([a, b, c]) => `2001:db8:${a.toString(16)}::${b.toString(16)}:${c.toString(16)}`);

const port = fc.integer({ min: 1, max: 65535 });
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);

const healthCheck: fc.Arbitrary<HealthCheckInput> = fc.oneof<fc.Arbitrary<HealthCheckInput>[]>(
  fc.constant({ type: "none" as const }),
  fc.record({
    type: fc.constant("tcp" as const),
    interval: fc.integer({ min: 1, max: 60 }),
    timeout: fc.integer({ min: 1, max: 30 }),
    rise: fc.integer({ min: 1, max: 5 }),
    fall: fc.integer({ min: 1, max: 5 }),
    onFailure: fc.constantFrom("quiesce" as const, "remove" as const),
  }),
  fc.record({
    type: fc.constantFrom("http" as const, "https" as const),
    path: fc.constantFrom("/", "/healthz", "/status?full=1"),
    expectStatus: fc.constantFrom([200], [200, 301]).map((a) => [...a]),
    interval: fc.integer({ min: 1, max: 60 }),
    timeout: fc.integer({ min: 1, max: 30 }),
    onFailure: fc.constantFrom("quiesce" as const, "remove" as const),
  }),
  fc.record({
    type: fc.constant("send-expect" as const),
    send: fc.constantFrom("GET / HTTP/1.0\\r\\n\\r\\n", "PING\\r\\n"),
    expect: fc.constantFrom("HTTP", "+PONG"),
    useRegex: fc.boolean(),
  }),
  fc.record({ type: fc.constant("external" as const), command: fc.constantFrom("/usr/local/bin/check %h %p", "/bin/true") }),
);

type Fam = "inet" | "inet6";

function realServers(fam: Fam, svcPort: number, forwarding: "masq" | "route" | "tunnel" | "mixed") {
  const addr = fam === "inet" ? ipv4 : ipv6;
  return fc.uniqueArray(addr, { minLength: 0, maxLength: 6 }).chain((addrs) =>
    fc.tuple(
      ...addrs.map((address) =>
        fc
          .record({
            forwarding: forwarding === "mixed" ? fc.constantFrom("masq" as const, "route" as const, "tunnel" as const) : fc.constant(forwarding),
            weight: fc.integer({ min: 0, max: 65535 }),
            upper: fc.integer({ min: 0, max: 10000 }),
            lowerFrac: fc.integer({ min: 0, max: 100 }),
            natPort: port,
            enabled: fc.boolean(),
          })
          .map(({ forwarding: fwd, weight, upper, lowerFrac, natPort, enabled }): RealServerInput => ({
            address,
            port: fwd === "masq" ? natPort : svcPort,
            forwarding: fwd,
            weight,
            upperThreshold: upper,
            lowerThreshold: upper === 0 ? 0 : Math.floor((upper * lowerFrac) / 100),
            enabled,
          })),
      ),
    ),
  );
}

export const virtualService = (fam: Fam, forwarding: "masq" | "route" | "tunnel" | "mixed" = "mixed") =>
  fc
    .record({
      protocol: fc.constantFrom("tcp" as const, "udp" as const, "sctp" as const, "fwmark" as const),
      address: fam === "inet" ? ipv4 : ipv6,
      port,
      fwmark: fc.integer({ min: 1, max: 100000 }),
      scheduler: fc.constantFrom(...SCHEDULERS),
      flagPick: fc.subarray(["fallback", "port"] as const),
      persistence: fc.option(fc.integer({ min: 1, max: 86400 }), { nil: undefined }),
      netmask: fc.option(fam === "inet" ? fc.integer({ min: 8, max: 32 }) : fc.integer({ min: 48, max: 128 }), { nil: undefined }),
      onePacket: fc.boolean(),
      healthCheck,
      name: fc.option(name, { nil: undefined }),
    })
    .chain((v) =>
      realServers(fam, v.protocol === "fwmark" ? 0 : v.port, forwarding).map((rss): VirtualServiceInput => {
        const s: VirtualServiceInput = {
          protocol: v.protocol,
          family: fam,
          scheduler: v.scheduler,
          healthCheck: v.healthCheck,
          realServers: rss.map((r) => (v.protocol === "fwmark" && r.forwarding !== "masq" ? { ...r, port: 0 } : r)),
        };
        if (v.name !== undefined) s.name = v.name;
        if (v.protocol === "fwmark") s.fwmark = v.fwmark;
        else {
          s.address = v.address;
          s.port = v.port;
        }
        if (v.scheduler === "sh" || v.scheduler === "mh") s.schedFlags = v.flagPick.map((f) => `${v.scheduler}-${f}` as "sh-port");
        if (v.persistence !== undefined) {
          s.persistence = v.persistence;
          if (v.netmask !== undefined) s.persistenceNetmask = v.netmask;
        }
        if (v.onePacket && v.protocol === "udp") s.onePacket = true;
        return s;
      }),
    );

/** Services with unique kernel keys (a cluster never holds two with the same key). */
export function uniqueServices(fam: Fam | "both" = "both", forwarding: "masq" | "route" | "tunnel" | "mixed" = "mixed") {
  const one = fam === "both" ? fc.oneof(virtualService("inet", forwarding), virtualService("inet6", forwarding)) : virtualService(fam, forwarding);
  return fc.uniqueArray(one, {
    maxLength: 8,
    selector: (s) => (s.protocol === "fwmark" ? `fwmark ${s.fwmark} ${s.family}` : `${s.protocol} ${s.address} ${s.port}`),
  });
}

export const clusterInput = (opts: { family?: Fam | "both"; forwarding?: "masq" | "route" | "tunnel" | "mixed" } = {}) =>
  fc.record({ name, services: uniqueServices(opts.family ?? "both", opts.forwarding ?? "mixed") }).map(({ name: n, services }): ClusterInput => {
    const vips = new Set(services.map((s) => s.address).filter(Boolean));
    return {
      name: n,
      // A VIP that is also a real server address is a validation error: drop such real servers.
      virtualServices: services.map((s) => ({ ...s, realServers: (s.realServers ?? []).filter((r) => !vips.has(r.address)) })),
    };
  });
