import { canonicalAddress, familyOf } from "../model/address.ts";
import type { Family } from "../model/enums.ts";
import type { Cluster } from "../model/cluster.ts";
import type { VirtualService } from "../model/virtual-service.ts";

/**
 * Address parsing (ipaddr.js) dominates validation time, and the same few addresses come up in
 * every rule: parse each once. Bounded so a long-lived API process does not grow without end.
 */
const canonCache = new Map<string, string>();
const familyCache = new Map<string, Family | undefined>();

function bounded<K, V>(m: Map<K, V>): Map<K, V> {
  if (m.size > 10_000) m.clear();
  return m;
}

export function canon(address: string): string {
  let c = canonCache.get(address);
  if (c === undefined) bounded(canonCache).set(address, (c = canonicalAddress(address)));
  return c;
}

export function family(address: string): Family | undefined {
  if (familyCache.has(address)) return familyCache.get(address);
  const f = familyOf(address);
  bounded(familyCache).set(address, f);
  return f;
}

/** The kernel identity of a service (protocol+VIP+port, or fwmark+family), as a map key. */
export function serviceIdentity(vs: VirtualService): string {
  return vs.protocol === "fwmark" ? `fwmark ${vs.fwmark} ${vs.family}` : `${vs.protocol} ${canon(vs.address ?? "")} ${vs.port}`;
}

/** keys[i] is service i's identity; firstTwo holds, per identity, the first two services having it. */
interface Facts {
  keys: string[];
  firstTwo: Map<string, number[]>;
  vips: Set<string>;
}

/**
 * Cross-service facts several rules need. Computed once per validation run (see withFacts), so a
 * cluster mutated between runs is never judged on stale facts; outside a run, computed afresh.
 */
let current: { cluster: Cluster; facts: Facts } | undefined;

function computeFacts(cluster: Cluster): Facts {
  const keys = cluster.virtualServices.map(serviceIdentity);
  const firstTwo = new Map<string, number[]>();
  keys.forEach((k, i) => {
    const at = firstTwo.get(k);
    if (!at) firstTwo.set(k, [i]);
    else if (at.length < 2) at.push(i);
  });
  return {
    keys,
    firstTwo,
    vips: new Set(cluster.virtualServices.flatMap((o) => (o.address === undefined ? [] : [canon(o.address)]))),
  };
}

export function clusterFacts(cluster: Cluster): Facts {
  return current?.cluster === cluster ? current.facts : computeFacts(cluster);
}

export function withFacts<T>(cluster: Cluster, run: () => T): T {
  const outer = current;
  current = { cluster, facts: computeFacts(cluster) };
  try {
    return run();
  } finally {
    current = outer;
  }
}
