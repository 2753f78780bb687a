import { destKey, serviceKey, type Cluster, type RealServer, type VirtualService } from "@shoal/core";

export interface Change {
  kind: "added" | "removed" | "changed";
  object: "cluster" | "director" | "virtualService" | "realServer";
  /** Human key: "tcp 10.0.0.1:80", "tcp 10.0.0.1:80 -> 10.0.1.5:80", "director lvs1", "timeouts". */
  key: string;
  /** Fields that differ (changed only). */
  fields?: string[];
  before?: unknown;
  after?: unknown;
}

/** Ids are the console's bookkeeping, not topology: two revisions differ only in what LVS sees. */
function withoutIds<T extends object>(o: T): Omit<T, "id"> {
  const { id: _id, ...rest } = o as T & { id?: unknown };
  return rest;
}

function fieldDiff(a: Record<string, unknown>, b: Record<string, unknown>, skip: string[] = []): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => !skip.includes(k) && k !== "id" && JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

function byKey<T>(items: T[], key: (t: T) => string): Map<string, T> {
  return new Map(items.map((i) => [key(i), i]));
}

function diffRealServers(svc: string, before: RealServer[], after: RealServer[], out: Change[]) {
  const a = byKey(before, destKey);
  const b = byKey(after, destKey);
  for (const [k, rs] of a) if (!b.has(k)) out.push({ kind: "removed", object: "realServer", key: `${svc} -> ${k}`, before: withoutIds(rs) });
  for (const [k, rs] of b) {
    const old = a.get(k);
    if (!old) out.push({ kind: "added", object: "realServer", key: `${svc} -> ${k}`, after: withoutIds(rs) });
    else {
      const fields = fieldDiff(old, rs);
      if (fields.length) out.push({ kind: "changed", object: "realServer", key: `${svc} -> ${k}`, fields, before: withoutIds(old), after: withoutIds(rs) });
    }
  }
}

/** Structural diff of two clusters, keyed the way IPVS identifies things. `before` may be empty. */
export function diffClusters(before: Cluster | undefined, after: Cluster): Change[] {
  const out: Change[] = [];
  const prev: Cluster = before ?? {
    ...after,
    description: "",
    timeouts: { tcp: 0, tcpFin: 0, udp: 0 },
    directors: [],
    virtualServices: [],
    syncDaemon: undefined,
    vrrp: undefined,
  };
  for (const field of ["name", "description", "timeouts", "syncDaemon", "vrrp"] as const) {
    if (JSON.stringify(prev[field]) !== JSON.stringify(after[field])) {
      const kind = prev[field] === undefined ? "added" : after[field] === undefined ? "removed" : "changed";
      out.push({ kind, object: "cluster", key: field, before: prev[field], after: after[field] });
    }
  }
  const da = byKey(prev.directors, (d) => d.name);
  const db = byKey(after.directors, (d) => d.name);
  for (const [k, d] of da) if (!db.has(k)) out.push({ kind: "removed", object: "director", key: `director ${k}`, before: withoutIds(d) });
  for (const [k, d] of db) {
    const old = da.get(k);
    if (!old) out.push({ kind: "added", object: "director", key: `director ${k}`, after: withoutIds(d) });
    else {
      const fields = fieldDiff(old, d);
      if (fields.length) out.push({ kind: "changed", object: "director", key: `director ${k}`, fields, before: withoutIds(old), after: withoutIds(d) });
    }
  }
  const sa = byKey(prev.virtualServices, serviceKey);
  const sb = byKey(after.virtualServices, serviceKey);
  const strip = (vs: VirtualService) => {
    const { realServers: _r, ...rest } = withoutIds(vs);
    return rest;
  };
  for (const [k, vs] of sa) if (!sb.has(k)) out.push({ kind: "removed", object: "virtualService", key: k, before: strip(vs) });
  for (const [k, vs] of sb) {
    const old = sa.get(k);
    if (!old) {
      out.push({ kind: "added", object: "virtualService", key: k, after: strip(vs) });
      diffRealServers(k, [], vs.realServers, out);
      continue;
    }
    const fields = fieldDiff(old, vs, ["realServers"]);
    if (fields.length) out.push({ kind: "changed", object: "virtualService", key: k, fields, before: strip(old), after: strip(vs) });
    diffRealServers(k, old.realServers, vs.realServers, out);
  }
  return out;
}

export function summarize(changes: Change[]): { added: number; removed: number; changed: number } {
  return {
    added: changes.filter((c) => c.kind === "added").length,
    removed: changes.filter((c) => c.kind === "removed").length,
    changed: changes.filter((c) => c.kind === "changed").length,
  };
}
