import type { ParseResult } from "../diagnostics.ts";
import type { KernelConnection } from "../model/ipvs-state.ts";
import { readAddress } from "../ipvsadm/hostport.ts";
import { connectionOf } from "../ipvsadm/connections.ts";
import { neverThrow } from "../ipvsadm/report.ts";
import { quote, splitLines, tokenize, type Token } from "../ipvsadm/text.ts";

/** A connection of /proc/net/ip_vs_conn; with a persistence engine (e.g. sip) also its data. */
export type ProcConnection = KernelConnection & { peName?: string; peData?: string };

const HEADER = /^Pro\s+FromIP\s+FPrt\s+ToIP\s+TPrt\s+DestIP\s+DPrt\s+State\s+Expires/;

function hex(text: string, digits: number): number | undefined {
  return text.length === digits && /^[0-9A-Fa-f]+$/.test(text) ? parseInt(text, 16) : undefined;
}

/**
 * An address column: IPv4 as 8 hex digits in network order ("0A000064" = 10.0.0.100), IPv6 as
 * the kernel's %pI6 (eight groups of four hex digits), returned in the model's spelling.
 */
function readConnAddress(text: string): string | undefined {
  if (text.length === 8) {
    const n = hex(text, 8);
    return n === undefined ? undefined : [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
  }
  const a = text.includes(":") ? readAddress(text) : undefined;
  return a?.family === "inet6" ? a.address : undefined;
}

/**
 * /proc/net/ip_vs_conn, what `ipvsadm -Lcn` reads (kernel ip_vs_conn_seq_show):
 *   Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData
 *   TCP C0A80A05 D431 0A000064 0050 0A000B0B 0050 ESTABLISHED     897
 * From = client, To = virtual address, Dest = real server; ports in hex, expiry in seconds.
 * Every bad line is reported with its line and column, and the good lines are still read.
 */
export function parseProcIpvsConn(text: string): ParseResult<ProcConnection[]> {
  return neverThrow((r) => {
    const lines = splitLines(String(text));
    const out: ProcConnection[] = [];
    const head = lines[0] ?? "";
    if (!HEADER.test(head)) {
      r.error(
        "proc-conn.header",
        {
          en: `expected the header "Pro FromIP FPrt ToIP TPrt DestIP DPrt State Expires", found ${quote(head)}`,
          zh: `应为表头 "Pro FromIP FPrt ToIP TPrt DestIP DPrt State Expires"，实际为 ${quote(head)}`,
        },
        1,
        1,
      );
      return out;
    }
    for (let i = 1; i < lines.length; i++) {
      const ln = i + 1;
      const t = tokenize(lines[i]!);
      if (!t.length) continue;
      if (t.length < 9 || t.length > 11) {
        const at = t[Math.min(t.length, 9)] ?? t[t.length - 1]!;
        r.error(
          "proc-conn.columns",
          {
            en: `expected 9 columns (Pro FromIP FPrt ToIP TPrt DestIP DPrt State Expires) and an optional persistence engine, found ${t.length}`,
            zh: `应为 9 列（Pro FromIP FPrt ToIP TPrt DestIP DPrt State Expires）及可选的持久化引擎，实际为 ${t.length} 列`,
          },
          ln,
          at.column,
        );
        continue;
      }
      const [p, ca, cp, va, vp, da, dp, st, ex] = t as [Token, Token, Token, Token, Token, Token, Token, Token, Token];
      if (!/^[A-Z?]{2,5}$/.test(p.text)) {
        r.error("proc-conn.bad-protocol", { en: `expected a protocol like TCP or UDP, found ${quote(p.text)}`, zh: `应为 TCP、UDP 等协议，实际为 ${quote(p.text)}` }, ln, p.column);
        continue;
      }
      const ends: { address: string; port: number }[] = [];
      for (const [a, port] of [
        [ca, cp],
        [va, vp],
        [da, dp],
      ] as const) {
        const address = readConnAddress(a.text);
        if (address === undefined) {
          r.error(
            "proc-conn.bad-address",
            {
              en: `expected an address as 8 hex digits (IPv4) or eight hex groups (IPv6), found ${quote(a.text)}`,
              zh: `地址应为 8 位十六进制（IPv4）或八组十六进制（IPv6），实际为 ${quote(a.text)}`,
            },
            ln,
            a.column,
          );
          break;
        }
        const n = hex(port.text, 4);
        if (n === undefined) {
          r.error(
            "proc-conn.bad-port",
            { en: `expected a port as 4 hex digits, found ${quote(port.text)}`, zh: `端口应为 4 位十六进制，实际为 ${quote(port.text)}` },
            ln,
            port.column,
          );
          break;
        }
        ends.push({ address, port: n });
      }
      if (ends.length !== 3) continue;
      if (!/^\d{1,10}$/.test(ex.text)) {
        r.error("proc-conn.bad-expires", { en: `expected the expiry in seconds, found ${quote(ex.text)}`, zh: `剩余时间应为秒数，实际为 ${quote(ex.text)}` }, ln, ex.column);
        continue;
      }
      out.push(connectionOf(p.text, Number(ex.text), st.text, ends, t[9]?.text, t[10]?.text));
    }
    return out;
  });
}
