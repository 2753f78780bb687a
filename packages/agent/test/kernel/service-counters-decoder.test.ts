import { describe, expect, it } from "vitest";
import { stateServiceKey, type KernelService } from "@shoal/core";
import { encodeAttrs, nest, parseAttrs, type Attr } from "../../src/kernel/netlink/attrs.ts";
import { StatsAttr, SvcAttr } from "../../src/kernel/netlink/ipvs-abi.ts";
import { decodeService, serviceAttrs } from "../../src/kernel/netlink/ipvs-codec.ts";
import { decodeServiceCountersAt } from "../../src/kernel/netlink/service-counters-decoder.ts";

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
    const stats64 = nest(SvcAttr.STATS64, [u64(StatsAttr.CONNS, 12n), u64(StatsAttr.INPKTS, 5_000_000_000n), u64(StatsAttr.OUTPKTS, 3n), u64(StatsAttr.INBYTES, 2n ** 52n + 1n), u64(StatsAttr.OUTBYTES, 9n)]);
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
