import type { ParseResult } from "../diagnostics.ts";
import type { KernelConnection } from "../model/ipvs-state.ts";
import { parseHostPort } from "./hostport.ts";
import { neverThrow } from "./report.ts";
import { quote, splitLines, tokenize } from "./text.ts";

/** A connection of `ipvsadm -Lcn`; with --persistent-conn also its persistence engine data. */
export type ListedConnection = KernelConnection & { peName?: string; peData?: string };

interface End {
  address: string;
  port: number;
}

/** One connection from its parsed columns: client, virtual and destination ends in that order. */
export function connectionOf(protocol: string, expiresInSeconds: number, state: string, ends: readonly End[], peName?: string, peData?: string): ListedConnection {
  const c: ListedConnection = {
    protocol: protocol.toLowerCase(),
    expiresInSeconds,
    state,
    clientAddress: ends[0]!.address,
    clientPort: ends[0]!.port,
    virtualAddress: ends[1]!.address,
    virtualPort: ends[1]!.port,
    destAddress: ends[2]!.address,
    destPort: ends[2]!.port,
  };
  if (peName) c.peName = peName;
  if (peData) c.peData = peData;
  return c;
}

/**
 * `ipvsadm -Lcn` (optionally --persistent-conn): "pro expire state source virtual destination".
 * Expiry is mm:ss (minutes may exceed 99). Persistence templates show client port 0.
 */
export function parseIpvsadmConnections(text: string): ParseResult<ListedConnection[]> {
  return neverThrow((r) => {
    const lines = splitLines(String(text));
    const out: ListedConnection[] = [];
    let i = 0;
    if (lines[0] === "IPVS connection entries") i = 1;
    const head = lines[i] ?? "";
    if (!/^pro\s+expire\s+state\s+source\s+virtual\s+destination/.test(head)) {
      r.error(
        "conn.header",
        {
          en: `expected the header "pro expire state source virtual destination", found ${quote(head)}`,
          zh: `应为表头 "pro expire state source virtual destination"，实际为 ${quote(head)}`,
        },
        i + 1,
        1,
      );
      return out;
    }
    const pe = /\bpe name\b/.test(head);
    for (i += 1; i < lines.length; i++) {
      const ln = i + 1;
      const t = tokenize(lines[i]!);
      if (!t.length) continue;
      if (t.length < 6 || t.length > (pe ? 8 : 6)) {
        const at = t[Math.min(t.length, 6)] ?? t[t.length - 1]!;
        r.error(
          "conn.columns",
          {
            en: `expected 6 columns (protocol, expire, state, source, virtual, destination${pe ? ", pe name, pe data" : ""}), found ${t.length}`,
            zh: `应为 6 列（协议、剩余时间、状态、源、虚拟、目的${pe ? "、pe 名称、pe 数据" : ""}），实际为 ${t.length} 列`,
          },
          ln,
          at.column,
        );
        continue;
      }
      const [p, e, st, src, vip, dst] = t as [(typeof t)[0], (typeof t)[0], (typeof t)[0], (typeof t)[0], (typeof t)[0], (typeof t)[0]];
      if (!/^[A-Z]{2,5}$/.test(p.text)) {
        r.error("conn.bad-protocol", { en: `expected a protocol like TCP or UDP, found ${quote(p.text)}`, zh: `应为 TCP、UDP 等协议，实际为 ${quote(p.text)}` }, ln, p.column);
        continue;
      }
      const em = /^(\d{1,9}):([0-5]\d)$/.exec(e.text);
      if (!em) {
        r.error("conn.bad-expire", { en: `expected the expiry as mm:ss, found ${quote(e.text)}`, zh: `剩余时间应为 mm:ss，实际为 ${quote(e.text)}` }, ln, e.column);
        continue;
      }
      const ends: { address: string; port: number }[] = [];
      for (const a of [src, vip, dst]) {
        const hp = parseHostPort(a.text);
        if (!hp.ok || hp.value.port === undefined) {
          r.error("conn.bad-address", hp.ok ? { en: `${quote(a.text)} has no port`, zh: `${quote(a.text)} 缺少端口` } : hp.message, ln, a.column + (hp.ok ? 0 : hp.offset));
          break;
        }
        ends.push({ address: hp.value.address, port: hp.value.port });
      }
      if (ends.length !== 3) continue;
      out.push(connectionOf(p.text, Number(em[1]) * 60 + Number(em[2]), st.text, ends, t[6]?.text, t[7]?.text));
    }
    return out;
  });
}
