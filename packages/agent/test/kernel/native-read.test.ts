import { describe, expect, it } from "vitest";
import type { KernelDest } from "@shoal/core";
import { encodeAttrs, nest, parseAttrs, u32, type Attr } from "../../src/kernel/netlink/attrs.ts";
import { decodeDestAt } from "../../src/kernel/netlink/dest-decoder.ts";
import { groupDumpReplies, walkDumpReplies } from "../../src/kernel/netlink/dump-replies.ts";
import { CmdAttr, DestAttr, StatsAttr } from "../../src/kernel/netlink/ipvs-abi.ts";
import { decodeDest, destAttrs } from "../../src/kernel/netlink/ipvs-codec.ts";
import { NLMSG_DONE, NLMSG_ERROR } from "../../src/kernel/netlink/messages.ts";

// The native dump loop's framing (native/ipvs_dump.c output) and the in-place real-server decoder.

const dests: KernelDest[] = [
  { address: "10.0.1.11", port: 8080, forwarding: "masq", weight: 3, upperThreshold: 0, lowerThreshold: 0 },
  { address: "10.0.1.12", port: 80, forwarding: "route", weight: 0, upperThreshold: 1000, lowerThreshold: 500 },
  { address: "10.0.1.13", port: 80, forwarding: "tunnel", weight: 2_147_483_647, upperThreshold: 0, lowerThreshold: 0 },
  { address: "10.0.1.14", port: 80, forwarding: "tunnel", weight: 1, upperThreshold: 0, lowerThreshold: 0, tunnelType: "gue", tunnelPort: 6080, tunnelCsum: "remcsum" },
  { address: "10.0.1.15", port: 80, forwarding: "tunnel", weight: 1, upperThreshold: 0, lowerThreshold: 0, tunnelType: "gre", tunnelCsum: "csum" },
  { address: "2001:db8::11", port: 443, forwarding: "masq", weight: 1, upperThreshold: 0, lowerThreshold: 0 },
  { address: "255.255.255.254", port: 65535, forwarding: "route", weight: 4_000_000_000, upperThreshold: 4_294_967_295, lowerThreshold: 1 },
];

const u64 = (type: number, v: bigint): Attr => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(v);
  return { type, payload: b };
};
const statsAttrs = (wide: boolean, base: bigint): Attr[] =>
  [
    StatsAttr.CONNS,
    StatsAttr.INPKTS,
    StatsAttr.OUTPKTS,
    StatsAttr.INBYTES,
    StatsAttr.OUTBYTES,
    StatsAttr.CPS,
    StatsAttr.INPPS,
    StatsAttr.OUTPPS,
    StatsAttr.INBPS,
    StatsAttr.OUTBPS,
  ].map((t, i) => (wide ? u64(t, base * BigInt(i + 1)) : u32(t, Number(base) + i)));

// what the kernel sends for one real server: the key and settings, counters, connection counts
function kernelDest(d: KernelDest, stats: "64" | "32" | "both" | "none", base: bigint): Buffer {
  const extra: Attr[] = [u32(DestAttr.ACTIVE_CONNS, 7), u32(DestAttr.INACT_CONNS, 8), u32(DestAttr.PERSIST_CONNS, 9)];
  if (stats === "32" || stats === "both") extra.push(nest(DestAttr.STATS, statsAttrs(false, 1000n)));
  if (stats === "64" || stats === "both") extra.push(nest(DestAttr.STATS64, statsAttrs(true, base)));
  return encodeAttrs([...destAttrs(d), ...extra]);
}

describe("decodeDestAt: the in-place real-server decoder", () => {
  const cases = dests.flatMap((d) => (["64", "32", "both", "none"] as const).map((s) => [`${d.forwarding} ${d.address} stats ${s}`, d, s] as const));
  it.each(cases)("equals decodeDest for %s", (_n, d, s) => {
    // exact beyond 2^53 as Number(BigInt) rounds: 2^60 + 1 rounds the same way in both
    for (const base of [5_000_000_000n, (1n << 60n) + 1n]) {
      const buf = Buffer.concat([Buffer.from([1, 2, 3, 4]), kernelDest(d, s, base)]); // not at offset 0
      const want = decodeDest(parseAttrs(buf, 4), "inet");
      const got = decodeDestAt(buf, 4, buf.length, "inet", true);
      expect(got).toEqual(want);
      expect(JSON.stringify(got.dest)).toBe(JSON.stringify(want.dest)); // same key order too
      expect(got.dest).toEqual(d);
      const light = decodeDestAt(buf, 4, buf.length, "inet", false);
      expect(light.dest).toEqual(want.dest);
      expect([light.activeConns, light.inactiveConns, light.persistentConns]).toEqual([7, 8, 9]);
    }
  });
  it("takes the service's family when the kernel sends no ADDR_FAMILY (old kernels)", () => {
    const buf = encodeAttrs(destAttrs(dests[5]!).filter((a) => a.type !== DestAttr.ADDR_FAMILY));
    expect(decodeDestAt(buf, 0, buf.length, "inet6", false).dest.address).toBe("2001:db8::11");
    expect(decodeDestAt(buf, 0, buf.length, "inet6", false)).toEqual(decodeDest(parseAttrs(buf), "inet6"));
  });
  it("refuses an attribute running past its nest", () => {
    const buf = kernelDest(dests[0]!, "64", 1n);
    expect(() => decodeDestAt(buf, 0, buf.length - 2, "inet", true)).toThrow(/malformed/);
  });
});

// one reply message as the addon hands it over: nlmsg_seq = the request's index
function msg(type: number, index: number, body: Buffer): Buffer {
  const genl = type >= 16;
  const len = 16 + (genl ? 4 : 0) + body.length;
  const b = Buffer.alloc((len + 3) & ~3);
  b.writeUInt32LE(len, 0);
  b.writeUInt16LE(type, 4);
  b.writeUInt16LE(2, 6); // NLM_F_MULTI
  b.writeUInt32LE(index, 8);
  if (genl) b.writeUInt8(2, 16);
  body.copy(b, genl ? 20 : 16);
  return b;
}
const errBody = (e: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(e);
  return b;
};
const FAM = 0x20;
const destMsg = (i: number, d: KernelDest) => msg(FAM, i, encodeAttrs([nest(CmdAttr.DEST, destAttrs(d))]));

describe("the native dump output: replies of N requests, seq = request index", () => {
  it("gives each request its data messages in order, in any interleaving, and DONE's or ERROR's errno", () => {
    const buf = Buffer.concat([
      destMsg(1, dests[0]!),
      destMsg(0, dests[1]!),
      destMsg(1, dests[2]!),
      msg(NLMSG_DONE, 1, errBody(0)),
      msg(NLMSG_DONE, 0, errBody(0)),
      msg(NLMSG_ERROR, 2, errBody(-3)),
      msg(NLMSG_DONE, 3, errBody(0)),
    ]);
    const seen: [number, number][] = [];
    const status = walkDumpReplies(buf, 4, (i, start, end) => {
      const top = parseAttrs(buf, start, end);
      seen.push([i, decodeDest(parseAttrs(top.get(CmdAttr.DEST)!), "inet").dest.weight]);
    });
    expect(status).toEqual([0, 0, 3, 0]);
    expect(seen).toEqual([
      [1, 3],
      [0, 0],
      [1, 2_147_483_647],
    ]);
    const g = groupDumpReplies(buf, 4);
    expect(g[2]).toBe(3);
    expect(g[3]).toEqual([]);
    expect((g[1] as { seq: number }[]).map((m) => m.seq)).toEqual([1, 1]);
    expect(decodeDest(parseAttrs(parseAttrs((g[0] as { attrs: Buffer }[])[0]!.attrs).get(CmdAttr.DEST)!), "inet").dest).toEqual(dests[1]);
  });
  it("refuses output that does not add up: a request without its end, an index out of range, data after DONE, a torn message", () => {
    const done0 = msg(NLMSG_DONE, 0, errBody(0));
    expect(() => walkDumpReplies(Buffer.concat([done0]), 2, () => {})).toThrow(/request 1 of 2 has no end/);
    expect(() => walkDumpReplies(Buffer.concat([done0, msg(NLMSG_DONE, 5, errBody(0))]), 2, () => {})).toThrow(/request 5 of 2/);
    expect(() => walkDumpReplies(Buffer.concat([done0, destMsg(0, dests[0]!)]), 1, () => {})).toThrow(/after its end/);
    const torn = destMsg(0, dests[0]!).subarray(0, 30);
    expect(() => walkDumpReplies(torn, 1, () => {})).toThrow(/malformed/);
  });
  it("an empty output is fine for zero requests", () => {
    expect(walkDumpReplies(Buffer.alloc(0), 0, () => {})).toEqual([]);
  });
});

// The addon itself, on the host: the generic netlink controller answers family dumps on any
// Linux, so the loop (pipelining, multi-datagram dumps, EBUSY retries, release) runs for real.
describe("the native dump loop against the host's netlink controller", async () => {
  const { loadNativeDump } = await import("../../src/kernel/netlink/native-dump.ts");
  const native = loadNativeDump();
  const CTRL = 16;
  const GETFAMILY = 3;
  it.skipIf("error" in native).each(["uring", "mmsg"] as const)("%s: 200 family dumps each give the whole family list, then the memory goes back", async (mode) => {
    if ("error" in native) return;
    const m = loadNativeDump({ path: native.path, mode });
    if ("error" in m) throw new Error(m.error);
    const one = await m.dumps(CTRL, 1, GETFAMILY, [[]]);
    const names = (r: unknown) => (r as { attrs: Buffer }[]).map((x) => parseAttrs(x.attrs).get(2)!.toString()).join(",");
    expect(typeof one[0]).not.toBe("number");
    expect(names(one[0])).toContain("nlctrl");
    const raw = await m.dumpsRaw(
      CTRL,
      1,
      GETFAMILY,
      Array.from({ length: 200 }, () => []),
    );
    const per: string[][] = Array.from({ length: 200 }, () => []);
    const status = walkDumpReplies(raw, 200, (i, s, e) => per[i]!.push(parseAttrs(raw, s, e).get(2)!.toString()));
    expect(status.every((x) => x === 0)).toBe(true);
    expect(new Set(per.map((p) => p.join(","))).size).toBe(1);
    expect(per[199]!.join(",")).toBe(names(one[0]));
    expect(m.lastMode()).toBe(mode);
    m.release(raw);
    expect(raw.length).toBe(0);
  });
});
