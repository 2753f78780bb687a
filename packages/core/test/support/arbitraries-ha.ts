/**
 * fast-check generators for what arbitraries.ts leaves out and the HA formats (keepalived.conf,
 * lvs.cf) care about: VRRP, the sync daemon, directors, timeouts, VIP devices and labels, sorry
 * servers with quorum/hysteresis, tunnel encapsulations, per-real-server check overrides, names.
 * Built on clusterInput(), so every topology stays valid by the same construction rules.
 */
import fc from "fast-check";
import type { ClusterInput, HealthCheckInput, RealServerInput, VirtualServiceInput } from "../../src/index.ts";
import { clusterInput, ipv4 } from "./arbitraries.ts";

const iface = fc.constantFrom("eth0", "eth1", "bond0", "ens3");

const check: fc.Arbitrary<HealthCheckInput> = fc.oneof<fc.Arbitrary<HealthCheckInput>[]>(
  fc.constant({ type: "none" as const }),
  fc.record({
    type: fc.constant("tcp" as const),
    interval: fc.integer({ min: 1, max: 60 }),
    timeout: fc.integer({ min: 1, max: 30 }),
    rise: fc.integer({ min: 1, max: 5 }),
    fall: fc.integer({ min: 1, max: 5 }),
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  }),
  fc.record({
    type: fc.constantFrom("http" as const, "https" as const),
    path: fc.constantFrom("/", "/healthz", "/status?full=1", "/a b"),
    expectStatus: fc.constantFrom([200], [301, 200], [200, 201, 202, 204]).map((a) => [...a]),
    bodyRegex: fc.option(fc.constantFrom("ok", "^UP$", "\\d+ workers", 'say "hi"'), { nil: undefined }),
    host: fc.option(fc.constantFrom("www.example.com", "intranet"), { nil: undefined }),
    verifyTls: fc.boolean(),
    onFailure: fc.constantFrom("quiesce" as const, "remove" as const),
  }),
  fc.record({
    type: fc.constant("send-expect" as const),
    send: fc.constantFrom("GET / HTTP/1.0\\r\\n\\r\\n", "PING\\r\\n"),
    expect: fc.constantFrom("HTTP", "+PONG", "2\\d\\d"),
    useRegex: fc.boolean(),
    timeout: fc.integer({ min: 1, max: 30 }),
  }),
  fc.record({
    type: fc.constant("external" as const),
    command: fc.constantFrom("/usr/local/bin/check %h %p", "/bin/true", "/opt/probe --host=%h --port %p", "/bin/check 80"),
    interval: fc.integer({ min: 1, max: 60 }),
  }),
);

interface ServiceExtra {
  vipInterface?: string;
  vipLabelSuffix?: number;
  sorry?: { address: string; port: number };
  quorum?: number;
  hysteresis?: number;
  rsNames: boolean;
  overrides: (HealthCheckInput | undefined)[];
  tunnels: ({ type: "ipip" | "gue" | "gre"; port?: number; csum: "nocsum" | "csum" | "remcsum" } | undefined)[];
  disabledRs: boolean[];
  disabled: boolean;
}

const serviceExtra: fc.Arbitrary<ServiceExtra> = fc.record(
  {
    vipInterface: fc.option(iface, { nil: undefined }),
    vipLabelSuffix: fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }),
    sorry: fc.option(fc.record({ address: ipv4, port: fc.integer({ min: 0, max: 65535 }) }), { nil: undefined }),
    quorum: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
    hysteresis: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    rsNames: fc.boolean(),
    overrides: fc.array(fc.option(check, { nil: undefined, freq: 3 }), { minLength: 6, maxLength: 6 }),
    tunnels: fc.array(
      fc.option(
        fc.record({
          type: fc.constantFrom("ipip" as const, "gue" as const, "gre" as const),
          port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
          csum: fc.constantFrom("nocsum" as const, "csum" as const, "remcsum" as const),
        }),
        { nil: undefined },
      ),
      { minLength: 6, maxLength: 6 },
    ),
    disabledRs: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    disabled: fc.boolean(),
  },
  { requiredKeys: ["rsNames", "overrides", "tunnels", "disabledRs", "disabled"] },
);

function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function enrichService(s: VirtualServiceInput, x: ServiceExtra, i: number): VirtualServiceInput {
  const out: VirtualServiceInput = { ...s, enabled: !x.disabled || i === 0 };
  if (s.protocol !== "fwmark") {
    if (x.vipInterface) out.vipInterface = x.vipInterface;
    if (x.vipLabelSuffix !== undefined) out.vipLabel = `${x.vipInterface ?? "eth0"}:${x.vipLabelSuffix}`;
  }
  if (x.sorry) out.sorryServer = x.sorry;
  if (x.quorum !== undefined) out.quorum = x.quorum;
  if (x.hysteresis !== undefined) out.hysteresis = x.hysteresis;
  out.realServers = (s.realServers ?? []).map((r, j): RealServerInput => {
    const rs: RealServerInput = { ...r };
    if (x.rsNames) rs.name = `rs-${i}-${j}`;
    const o = x.overrides[j];
    if (o) rs.healthCheck = o;
    const t = x.tunnels[j];
    if (t && r.forwarding === "tunnel") rs.tunnel = dropUndefined({ ...t });
    if (x.disabledRs[j]) rs.enabled = false;
    return rs;
  });
  return out;
}

export const haClusterInput = (opts: Parameters<typeof clusterInput>[0] = {}) =>
  fc
    .record({
      base: clusterInput(opts),
      timeouts: fc.record({ tcp: fc.integer({ min: 0, max: 7200 }), tcpFin: fc.integer({ min: 0, max: 600 }), udp: fc.integer({ min: 0, max: 600 }) }),
      syncDaemon: fc.record(
        {
          enabled: fc.boolean(),
          interface: iface,
          syncId: fc.integer({ min: 0, max: 255 }),
          maxLen: fc.integer({ min: 0, max: 65_507 }),
          mcastGroup: fc.constantFrom("224.0.0.81", "239.1.2.3"),
          mcastPort: fc.integer({ min: 1, max: 65535 }),
          mcastTtl: fc.integer({ min: 1, max: 255 }),
        },
        { requiredKeys: ["enabled", "interface"] },
      ),
      vrrp: fc.record(
        {
          instance: fc.constantFrom("VI_1", "VI_WEB", "lvs.1"),
          interface: iface,
          virtualRouterId: fc.integer({ min: 1, max: 255 }),
          priorityPrimary: fc.integer({ min: 101, max: 254 }),
          priorityBackup: fc.integer({ min: 1, max: 100 }),
          advertInterval: fc.constantFrom(1, 2, 0.5, 0.25, 3),
          authType: fc.constantFrom("none" as const, "PASS" as const, "AH" as const),
          authPass: fc.constantFrom("secret", "8charsOK", "p w"),
          preempt: fc.boolean(),
          preemptDelay: fc.integer({ min: 0, max: 1000 }),
        },
        { requiredKeys: ["interface", "virtualRouterId"] },
      ),
      hasSync: fc.boolean(),
      hasVrrp: fc.boolean(),
      directors: fc.subarray(["primary", "backup"] as const),
      primaryAddr: ipv4,
      backupAddr: ipv4,
      extras: fc.array(serviceExtra, { minLength: 8, maxLength: 8 }),
    })
    .map((g): ClusterInput => {
      const c: ClusterInput = { ...g.base, timeouts: g.timeouts };
      if (g.hasSync) c.syncDaemon = g.syncDaemon;
      if (g.hasVrrp) c.vrrp = g.vrrp;
      c.directors = g.directors.map((role) => ({ name: role === "primary" ? "lb1" : "lb2", role, managementAddress: role === "primary" ? g.primaryAddr : g.backupAddr }));
      c.virtualServices = (g.base.virtualServices ?? []).map((s, i) => enrichService(s, g.extras[i]!, i));
      return c;
    });
