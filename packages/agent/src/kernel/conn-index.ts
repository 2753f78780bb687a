import { stateDestKey } from "@shoal/core";
import type { DestConns } from "./types.ts";

interface Entry {
  dests: readonly { address: string; port: number }[];
  /** active, inactive of dests[i] at 2i, 2i + 1 */
  counts: number[];
}

/**
 * Every real server's connections, kept as one small number array per service: the drain logic
 * asks about the few real servers being removed, so a string key per real server (110,000 at
 * 10,000 x 10, every cycle) would be built for nothing.
 */
export class ConnIndex {
  private readonly services = new Map<string, Entry>();

  /** `dests` in any order; counts[2i], counts[2i + 1]: active and inactive of dests[i]. */
  set(serviceKey: string, dests: readonly { address: string; port: number }[], counts: number[]): void {
    this.services.set(serviceKey, { dests, counts });
  }

  delete(serviceKey: string): void {
    this.services.delete(serviceKey);
  }

  readonly get = (serviceKey: string, destKey: string): DestConns | undefined => {
    const e = this.services.get(serviceKey);
    if (!e) return undefined;
    for (let i = 0; i < e.dests.length; i++) if (stateDestKey(e.dests[i]!) === destKey) return { active: e.counts[2 * i]!, inactive: e.counts[2 * i + 1]! };
    return undefined;
  };

  /** From a readWithStats() snapshot. */
  static fromStats(stats: readonly { key: string; dests: readonly { address: string; port: number; activeConns: number; inactiveConns: number }[] }[]): ConnIndex {
    const idx = new ConnIndex();
    for (const s of stats) {
      const counts: number[] = [];
      for (const d of s.dests) counts.push(d.activeConns, d.inactiveConns);
      idx.set(s.key, s.dests, counts);
    }
    return idx;
  }
}
