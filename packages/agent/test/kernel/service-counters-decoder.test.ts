import { describe, expect, it } from "vitest";
import { stateServiceKey, type KernelService } from "@shoal/core";
import { encodeAttrs, nest, parseAttrs, type Attr } from "../../src/kernel/netlink/attrs.ts";
import { StatsAttr, SvcAttr } from "../../src/kernel/netlink/ipvs-abi.ts";
import { decodeService, serviceAttrs } from "../../src/kernel/netlink/ipvs-codec.ts";
import { decodeServiceCountersAt, ServiceCountersDecoder } from "../../src/kernel/netlink/service-counters-decoder.ts";

const base = () => ({ scheduler: "wlc", schedFlags: [], onePacket: false, dests: [] });
const services: KernelService[] = [
  { ...base(), protocol: "tcp", family: "inet", address: "10.0.0.1", port: 80 },
  { ...base(), protocol: "udp", family: "inet", address: "192.168.200.254", port: 53 },
  { ...base(), protocol: "sctp", family: "inet", address: "10.9.8.7", port: 3868, persistence: 300 },
  { ...base(), protocol: "tcp", family: "inet6", address: "2001:db8::1", port: 443 },
  { ...base(), protocol: "fwmark", family: "inet", fwmark: 7 },
  { ...base(), protocol: "fwmark", family: "inet6", fwmark: 4_000_000_000 },
];

function u64(type: number, v: bigint): Attr {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(v);
  return { type, payload: b };
}
function u32(type: number, v: number): Attr {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return { type, payload: b };
}

describe("decodeServiceCountersAt", () => {
  it.each(services.map((s) => [stateServiceKey(s), s] as const))("%s: key and counters as decodeService() gives them", (_k, s) => {
    const stats64 = nest(SvcAttr.STATS64, [
      u64(StatsAttr.CONNS, 12n),
      u64(StatsAttr.INPKTS, 5_000_000_000n),
      u64(StatsAttr.OUTPKTS, 3n),
      u64(StatsAttr.INBYTES, 2n ** 52n + 1n),
      u64(StatsAttr.OUTBYTES, 9n),
    ]);
    const { dests: _d, ...spec } = s;
    const buf = encodeAttrs([...serviceAttrs(spec), stats64]);
    const want = decodeService(parseAttrs(buf));
    const got = decodeServiceCountersAt(buf, 0, buf.length);
    expect(got.key).toBe(stateServiceKey(want.service));
    expect(got.counters).toEqual(want.stats.counters);
    expect(stateServiceKey(got.service)).toBe(got.key);
  });

  it("reads the 32-bit STATS of kernels without STATS64", () => {
    const { dests: _d, ...spec } = services[0]!;
    const buf = encodeAttrs([...serviceAttrs(spec), nest(SvcAttr.STATS, [u32(StatsAttr.CONNS, 4), u32(StatsAttr.OUTBYTES, 4_000_000_000)])]);
    expect(decodeServiceCountersAt(buf, 0, buf.length).counters).toEqual(decodeService(parseAttrs(buf)).stats.counters);
    expect(decodeServiceCountersAt(buf, 0, buf.length).counters.outBytes).toBe(4_000_000_000);
  });
});

describe("ServiceCountersDecoder", () => {
  const encode = (s: KernelService, conns: bigint) => {
    const { dests: _d, ...spec } = s;
    return encodeAttrs([...serviceAttrs(spec), nest(SvcAttr.STATS64, [u64(StatsAttr.CONNS, conns), u64(StatsAttr.INPKTS, conns * 3n)])]);
  };
  // services that differ only in protocol, port, address byte, fwmark family
  const near: KernelService[] = [
    ...services,
    { ...base(), protocol: "udp", family: "inet", address: "10.0.0.1", port: 80 },
    { ...base(), protocol: "tcp", family: "inet", address: "10.0.0.1", port: 81 },
    { ...base(), protocol: "tcp", family: "inet", address: "10.0.0.2", port: 80 },
    { ...base(), protocol: "tcp", family: "inet", address: "255.255.255.255", port: 65535 },
    { ...base(), protocol: "fwmark", family: "inet6", fwmark: 7 },
  ];

  it("gives every service its own key and this dump's counters, dump after dump", () => {
    const d = new ServiceCountersDecoder();
    for (const round of [1n, 2n, 3n]) {
      d.begin();
      for (const s of near) {
        const buf = encode(s, round);
        const got = d.decode(buf, 0, buf.length);
        expect(got.key).toBe(stateServiceKey(s));
        expect(got.counters).toEqual(decodeServiceCountersAt(buf, 0, buf.length).counters);
        expect(got.counters.inPkts).toBe(Number(round * 3n));
      }
    }
  });

  it("hands out the same key objects for a service seen before, and forgets those a dump no longer lists", () => {
    const d = new ServiceCountersDecoder();
    const a = encode(near[0]!, 1n);
    const b = encode(near[1]!, 1n);
    d.begin();
    const first = d.decode(a, 0, a.length);
    d.decode(b, 0, b.length);
    d.begin();
    expect(d.decode(a, 0, a.length).service).toBe(first.service);
    d.begin(); // b was not in the last dump: forgotten here
    expect((d as unknown as { known: Map<number, unknown> }).known.size).toBe(1);
  });
});
