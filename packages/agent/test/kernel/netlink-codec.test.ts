import { describe, expect, it } from "vitest";
import type { KernelDest, KernelService, Operation, SchedFlag } from "@shoal/core";
import { be16, encodeAttrs, nest, parseAttrs, str, u16, u32, u8, writeAttrs, NLA_F_NESTED, type Attr } from "../../src/kernel/netlink/attrs.ts";
import { Cmd, CmdAttr, DestAttr, StatsAttr, SvcAttr } from "../../src/kernel/netlink/ipvs-abi.ts";
import { decodeAddr, decodeDest, decodeService, decodeTimeouts, destAttrs, encodeAddr, operationCommand, serviceAttrs, timeoutAttrs } from "../../src/kernel/netlink/ipvs-codec.ts";
import { encodeGenlBatch, NLM_F_ACK, NLM_F_REQUEST, NLMSG_ERROR, parseMessages } from "../../src/kernel/netlink/messages.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("attribute TLVs (struct nlattr, host order = little-endian)", () => {
  it("u16, u32, be16 and u8 carry len, type and a 4-byte padded payload", () => {
    expect(hex(encodeAttrs([u16(1, 2)]))).toBe("0600" + "0100" + "0200" + "0000");
    expect(hex(encodeAttrs([u32(4, 0x01020304)]))).toBe("0800" + "0400" + "04030201");
    expect(hex(encodeAttrs([be16(4, 80)]))).toBe("0600" + "0400" + "0050" + "0000");
    expect(hex(encodeAttrs([u8(13, 1)]))).toBe("0500" + "0d00" + "01" + "000000");
  });
  it("strings are NUL-terminated and padded; nested attributes set NLA_F_NESTED", () => {
    expect(hex(encodeAttrs([str(6, "wrr")]))).toBe("0800" + "0600" + "77727200");
    expect(hex(encodeAttrs([str(6, "sh")]))).toBe("0700" + "0600" + "736800" + "00");
    const n = encodeAttrs([nest(1, [u16(1, 2)])]);
    expect(n.readUInt16LE(0)).toBe(4 + 8);
    expect(n.readUInt16LE(2)).toBe(1 | NLA_F_NESTED);
    expect(parseAttrs(parseAttrs(n).get(1)!).get(1)!.readUInt16LE(0)).toBe(2);
  });
  it("refuses a truncated attribute instead of reading past it", () => {
    expect(() => parseAttrs(Buffer.from("0c000100aabb", "hex"))).toThrow(/malformed/);
  });
});

describe("addresses (union nf_inet_addr, 16 bytes)", () => {
  it("IPv4 in the first 4 bytes, network order", () => {
    expect(hex(encodeAddr("10.1.2.3"))).toBe("0a010203" + "00".repeat(12));
    expect(decodeAddr(encodeAddr("10.1.2.3"), "inet")).toBe("10.1.2.3");
  });
  it("IPv6, with :: expansion and canonical text back", () => {
    expect(hex(encodeAddr("2001:db8::1"))).toBe("20010db8" + "00".repeat(10) + "0001");
    expect(decodeAddr(encodeAddr("fd00:20::100"), "inet6")).toBe("fd00:20::100");
    expect(decodeAddr(encodeAddr("::"), "inet6")).toBe("::");
  });
  it("an IPv4 address attribute, written in place over old bytes, is the same 16 bytes", () => {
    const attrs = destAttrs(dests[0]!);
    const clean = encodeAttrs(attrs);
    const dirty = Buffer.alloc(clean.length, 0xff);
    writeAttrs(dirty, 0, attrs);
    expect(hex(parseAttrs(dirty).get(DestAttr.ADDR)!)).toBe(hex(encodeAddr("10.0.1.11")));
    expect(hex(parseAttrs(dirty).get(DestAttr.ADDR)!)).toBe(hex(parseAttrs(clean).get(DestAttr.ADDR)!));
  });
});

const base = { schedFlags: [] as SchedFlag[], onePacket: false };
const services: KernelService[] = [
  { protocol: "tcp", family: "inet", address: "10.0.0.1", port: 80, scheduler: "wrr", ...base, dests: [] },
  { protocol: "udp", family: "inet", address: "10.0.0.1", port: 53, scheduler: "rr", ...base, onePacket: true, dests: [] },
  { protocol: "sctp", family: "inet", address: "10.0.0.2", port: 3868, scheduler: "lc", ...base, dests: [] },
  { protocol: "tcp", family: "inet", address: "10.0.0.3", port: 443, scheduler: "wlc", ...base, persistence: 300, persistenceNetmask: 24, dests: [] },
  { protocol: "udp", family: "inet", address: "10.0.0.4", port: 5060, scheduler: "rr", ...base, persistence: 60, persistenceEngine: "sip", dests: [] },
  { protocol: "fwmark", family: "inet", fwmark: 7, scheduler: "sh", schedFlags: ["sh-fallback", "sh-port"], onePacket: false, dests: [] },
  { protocol: "fwmark", family: "inet6", fwmark: 4000000000, scheduler: "mh", schedFlags: ["mh-port"], onePacket: false, dests: [] },
  { protocol: "tcp", family: "inet6", address: "2001:db8::100", port: 443, scheduler: "sed", ...base, persistence: 1800, persistenceNetmask: 64, dests: [] },
];
const dests: KernelDest[] = [
  { address: "10.0.1.11", port: 8080, forwarding: "masq", weight: 3, upperThreshold: 0, lowerThreshold: 0 },
  { address: "10.0.1.12", port: 80, forwarding: "route", weight: 0, upperThreshold: 1000, lowerThreshold: 500 },
  { address: "10.0.1.13", port: 80, forwarding: "tunnel", weight: 2_147_483_647, upperThreshold: 0, lowerThreshold: 0 },
  { address: "10.0.1.14", port: 80, forwarding: "tunnel", weight: 1, upperThreshold: 0, lowerThreshold: 0, tunnelType: "gue", tunnelPort: 6080, tunnelCsum: "remcsum" },
  { address: "10.0.1.15", port: 80, forwarding: "tunnel", weight: 1, upperThreshold: 0, lowerThreshold: 0, tunnelType: "gre", tunnelCsum: "csum" },
  { address: "2001:db8::11", port: 443, forwarding: "masq", weight: 1, upperThreshold: 0, lowerThreshold: 0 },
];

describe("services", () => {
  it("encodes a persistent IPv4 service as ip_vs.h lays it out", () => {
    const m = parseAttrs(encodeAttrs(serviceAttrs(services[3]!)));
    expect(hex(m.get(SvcAttr.AF)!)).toBe("0200"); // AF_INET
    expect(hex(m.get(SvcAttr.PROTOCOL)!)).toBe("0600"); // IPPROTO_TCP
    expect(hex(m.get(SvcAttr.PORT)!)).toBe("01bb"); // 443, network order
    expect(m.get(SvcAttr.SCHED_NAME)!.toString()).toBe("wlc\0");
    expect(hex(m.get(SvcAttr.FLAGS)!)).toBe("01000000" + "ffffffff"); // PERSISTENT, mask all
    expect(hex(m.get(SvcAttr.TIMEOUT)!)).toBe("2c010000"); // 300
    expect(hex(m.get(SvcAttr.NETMASK)!)).toBe("ffffff00"); // 255.255.255.0 in network order
  });
  it("IPv6 netmask is a prefix length; fwmark services carry the mark, not protocol/address/port", () => {
    const v6 = parseAttrs(encodeAttrs(serviceAttrs(services[7]!)));
    expect(v6.get(SvcAttr.NETMASK)!.readUInt32LE(0)).toBe(64);
    expect(hex(v6.get(SvcAttr.AF)!)).toBe("0a00");
    const fw = parseAttrs(encodeAttrs(serviceAttrs(services[5]!)));
    expect(fw.get(SvcAttr.FWMARK)!.readUInt32LE(0)).toBe(7);
    expect(fw.has(SvcAttr.ADDR) || fw.has(SvcAttr.PORT) || fw.has(SvcAttr.PROTOCOL)).toBe(false);
    expect(fw.get(SvcAttr.FLAGS)!.readUInt32LE(0)).toBe(0x08 | 0x10); // SCHED1 | SCHED2
  });
  it.each(services.map((s) => [`${s.protocol} ${s.address ?? s.fwmark}`, s] as const))("decode(encode(%s)) = itself", (_n, s) => {
    const { dests: _d, ...spec } = s;
    expect(decodeService(parseAttrs(encodeAttrs(serviceAttrs(spec)))).service).toEqual(s);
  });
});

describe("real servers", () => {
  it("encodes forwarding, weight, thresholds and tunnel settings", () => {
    const m = parseAttrs(encodeAttrs(destAttrs(dests[3]!)));
    expect(m.get(DestAttr.FWD_METHOD)!.readUInt32LE(0)).toBe(2); // IP_VS_CONN_F_TUNNEL
    expect(hex(m.get(DestAttr.TUN_TYPE)!)).toBe("01"); // GUE
    expect(hex(m.get(DestAttr.TUN_PORT)!)).toBe("17c0"); // 6080, network order
    expect(m.get(DestAttr.TUN_FLAGS)!.readUInt16LE(0)).toBe(2); // REMCSUM
    expect(
      parseAttrs(encodeAttrs(destAttrs(dests[1]!)))
        .get(DestAttr.FWD_METHOD)!
        .readUInt32LE(0),
    ).toBe(3); // DROUTE
    expect(
      parseAttrs(encodeAttrs(destAttrs(dests[1]!)))
        .get(DestAttr.U_THRESH)!
        .readUInt32LE(0),
    ).toBe(1000);
  });
  it.each(dests.map((d) => [`${d.forwarding} ${d.address}`, d] as const))("decode(encode(%s)) = itself", (_n, d) => {
    expect(decodeDest(parseAttrs(encodeAttrs(destAttrs(d))), "inet").dest).toEqual(d);
  });
  it("takes exact 64-bit counters from STATS64 and connection counts", () => {
    const big = Buffer.alloc(8);
    big.writeBigUInt64LE(5_000_000_000n);
    const s64: Attr[] = [
      { type: StatsAttr.CONNS, payload: big },
      { type: StatsAttr.INBYTES, payload: big },
    ];
    const attrs = parseAttrs(encodeAttrs([...destAttrs(dests[0]!), nest(DestAttr.STATS64, s64), u32(DestAttr.ACTIVE_CONNS, 4), u32(DestAttr.INACT_CONNS, 9)]));
    const d = decodeDest(attrs, "inet");
    expect(d.stats.counters).toEqual({ conns: 5e9, inPkts: 0, outPkts: 0, inBytes: 5e9, outBytes: 0 });
    expect([d.activeConns, d.inactiveConns]).toEqual([4, 9]);
  });
});

describe("operations -> IPVS commands", () => {
  const svc = services[0]!;
  const cases: [Operation, number][] = [
    [{ kind: "add-service", service: svc }, Cmd.NEW_SERVICE],
    [{ kind: "edit-service", service: svc, before: svc }, Cmd.SET_SERVICE],
    [{ kind: "delete-service", service: svc }, Cmd.DEL_SERVICE],
    [{ kind: "add-dest", service: svc, dest: dests[0]! }, Cmd.NEW_DEST],
    [{ kind: "edit-dest", service: svc, dest: dests[0]!, before: dests[0]! }, Cmd.SET_DEST],
    [{ kind: "drain-dest", service: svc, dest: { ...dests[0]!, weight: 0 }, before: dests[0]! }, Cmd.SET_DEST],
    [{ kind: "delete-dest", service: svc, dest: dests[0]! }, Cmd.DEL_DEST],
    [{ kind: "set-timeouts", timeouts: { tcp: 900, tcpFin: 120, udp: 300 } }, Cmd.SET_CONFIG],
  ];
  it.each(cases.map(([op, cmd]) => [op.kind, op, cmd] as const))("%s -> command %#", (_k, op, cmd) => {
    const c = operationCommand(op);
    expect(c.cmd).toBe(cmd);
    const top = parseAttrs(encodeAttrs(c.attrs));
    if (op.kind === "set-timeouts") expect(decodeTimeouts(top)).toEqual(op.timeouts);
    else expect(top.has(CmdAttr.SERVICE)).toBe(true);
    if (op.kind.endsWith("-dest")) expect(top.has(CmdAttr.DEST)).toBe(true);
  });
  it("a delete names the real server only (no settings the kernel would ignore)", () => {
    const d = parseAttrs(parseAttrs(encodeAttrs(operationCommand(cases[6]![0]).attrs)).get(CmdAttr.DEST)!);
    expect([...d.keys()].sort()).toEqual([DestAttr.ADDR, DestAttr.PORT, DestAttr.ADDR_FAMILY].sort());
  });
  it("timeouts are three u32 attributes", () => {
    expect(hex(encodeAttrs(timeoutAttrs({ tcp: 900, tcpFin: 120, udp: 300 })))).toBe("080004008403000008000500780000000800060" + "02c010000");
  });
});

describe("message framing", () => {
  it("packs many requests back to back, each a complete nlmsghdr + genlmsghdr", () => {
    const attrs = [nest(CmdAttr.SERVICE, [u16(SvcAttr.AF, 2)])];
    const b = encodeGenlBatch([
      { family: 30, cmd: Cmd.NEW_SERVICE, version: 1, flags: NLM_F_REQUEST, seq: 7, attrs },
      { family: 30, cmd: Cmd.DEL_SERVICE, version: 1, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 8, attrs },
    ]);
    expect(b.length).toBe(2 * (16 + 4 + 12));
    expect([b.readUInt32LE(0), b.readUInt16LE(4), b.readUInt16LE(6), b.readUInt32LE(8), b[16], b[17]]).toEqual([32, 30, 1, 7, 1, 1]);
    const msgs = parseMessages(b);
    expect(msgs.map((m) => [m.seq, m.cmd, m.flags])).toEqual([
      [7, 1, 1],
      [8, 3, 5],
    ]);
  });
  it("reads the errno of an NLMSG_ERROR (negative in the message)", () => {
    const e = Buffer.alloc(16 + 4 + 16);
    e.writeUInt32LE(e.length, 0);
    e.writeUInt16LE(NLMSG_ERROR, 4);
    e.writeUInt32LE(9, 8);
    e.writeInt32LE(-22, 16);
    expect(parseMessages(e)[0]).toMatchObject({ type: NLMSG_ERROR, seq: 9, error: -22 });
  });
});

describe("ipvsadm parity", () => {
  it("a DR/TUN real server takes the service's port, as ipvsadm -a does", () => {
    const svc = services[0]!; // tcp 10.0.0.1:80
    const d = { ...dests[1]!, port: 8080 }; // route
    const top = parseAttrs(encodeAttrs(operationCommand({ kind: "add-dest", service: svc, dest: d }).attrs));
    expect(parseAttrs(top.get(CmdAttr.DEST)!).get(DestAttr.PORT)!.readUInt16BE(0)).toBe(80);
    const nat = parseAttrs(encodeAttrs(operationCommand({ kind: "add-dest", service: svc, dest: { ...dests[0]!, port: 8080 } }).attrs));
    expect(parseAttrs(nat.get(CmdAttr.DEST)!).get(DestAttr.PORT)!.readUInt16BE(0)).toBe(8080);
  });
});
