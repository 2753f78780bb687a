import type { StatsReading } from "@shoal/core/metrics/index";

/** A director as the netlink dump would show it after `ticks` seconds of steady traffic. */
export function steadyReading(ticks: number, opts: { services?: number; dests?: number; big?: bigint } = {}): StatsReading {
  const base = opts.big ?? 0n;
  const t = BigInt(ticks);
  return {
    services: Array.from({ length: opts.services ?? 2 }, (_, i) => ({
      key: i === 1 ? "udp [2001:db8::1]:53" : i === 2 ? "fwmark 7 inet" : `tcp 10.0.0.${i + 1}:80`,
      counters: { conns: base + 20n * t, inPkts: base + 200n * t, outPkts: base + 180n * t, inBytes: base + 20000n * t, outBytes: base + 900000n * t },
      dests: Array.from({ length: opts.dests ?? 2 }, (_, j) => ({
        key: i === 1 ? `[2001:db8::${j + 10}]:53` : `10.0.1.${j + 1}:80`,
        activeConns: 5 + j,
        inactiveConns: 2,
        weight: 100 * (j + 1),
        counters: { conns: base + 10n * t, inPkts: base + 100n * t, outPkts: base + 90n * t, inBytes: base + 10000n * t, outBytes: base + 450000n * t },
      })),
    })),
  };
}
