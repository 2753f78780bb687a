import type { ParseResult } from "../diagnostics.ts";
import type { KernelTimeouts } from "../model/ipvs-state.ts";
import { neverThrow } from "./report.ts";
import { quote, splitLines } from "./text.ts";

/** `ipvsadm -L --timeout`: "Timeout (tcp tcpfin udp): 900 120 300", the kernel's current values. */
export function parseIpvsadmTimeout(text: string): ParseResult<KernelTimeouts> {
  return neverThrow((r) => {
    const lines = splitLines(String(text)).filter((l) => l.trim() !== "");
    const m = /^Timeout \(tcp tcpfin udp\): (\d{1,10}) (\d{1,10}) (\d{1,10})\s*$/.exec(lines[0] ?? "");
    if (!m) {
      r.error(
        "timeout.format",
        {
          en: `expected "Timeout (tcp tcpfin udp): TCP TCPFIN UDP", found ${quote(lines[0] ?? "")}`,
          zh: `应为 "Timeout (tcp tcpfin udp): TCP TCPFIN UDP"，实际为 ${quote(lines[0] ?? "")}`,
        },
        1,
        1,
      );
      return { tcp: 0, tcpFin: 0, udp: 0 };
    }
    if (lines.length > 1) r.warn("timeout.extra", { en: "extra lines after the timeout line ignored", zh: "忽略超时行之后的多余内容" }, 2, 1);
    return { tcp: Number(m[1]), tcpFin: Number(m[2]), udp: Number(m[3]) };
  });
}
