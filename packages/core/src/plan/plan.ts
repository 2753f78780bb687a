import type { IpvsState, KernelDest, KernelService } from "../model/ipvs-state.ts";
import type { ServiceKeyParts } from "../model/keys.ts";
import { sameDestSettings, sameServiceSettings } from "./compare.ts";
import { stateDestKey, stateServiceKey } from "./keys.ts";
import type { Operation } from "./operations.ts";
import { copyDest, copySpec } from "./copy.ts";
import { ipv4ToNumber } from "../ipvsadm/hostport.ts";

export interface PlanOptions {
  /**
   * Which services of the kernel this director's agent owns. A service in the kernel but not in
   * the desired table is removed only when this says true. Absent: every service is managed
   * (the table converges to exactly `desired`). The agent should pass it, so services other
   * tools put in the kernel are left alone.
   */
  manages?: (serviceKey: string, service: KernelService) => boolean;
  /**
   * Graceful removal: a real server (or a service's real servers) that must go is first set to
   * weight 0 (drain-dest) and deleted only once `mayDelete` allows it. Absent: deleted at once.
   */
  drain?: boolean;
  /**
   * With `drain`: the caller (the agent's graceful-termination piece, which watches active
   * connections) says a drained real server may now be deleted. A removed service is deleted
   * when all of its real servers may be. Absent: nothing is deleted while draining.
   */
  mayDelete?: (serviceKey: string, destKey: string) => boolean;
}

interface Keyed<T> {
  k: string;
  v: T;
}

function sortedByKey<T>(items: readonly T[], key: (t: T) => string): Keyed<T>[] {
  const out = items.map((v) => ({ k: key(v), v }));
  let sorted = true;
  for (let i = 1; i < out.length && sorted; i++) if (out[i - 1]!.k > out[i]!.k) sorted = false;
  if (!sorted) out.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return out;
}

function keyParts(s: KernelService): ServiceKeyParts {
  return s.protocol === "fwmark" ? { protocol: "fwmark", family: s.family, fwmark: s.fwmark } : { protocol: s.protocol, family: s.family, address: s.address, port: s.port };
}

const PROTO_CODE: Record<string, number> = { tcp: 1, udp: 2, sctp: 3 };

/**
 * A Map key for a service that is cheap to compute: IPv4 services (almost all) become one
 * number (protocol, address, port), others their serviceKey string. The readable key is only
 * built for services that change, to order the output.
 */
function fastKey(s: KernelService): number | string {
  const a = s.address;
  if (s.protocol !== "fwmark" && a !== undefined) {
    const ip = ipv4ToNumber(a);
    if (ip >= 0) return (PROTO_CODE[s.protocol] ?? 0) * 281_474_976_710_656 + ip * 65536 + (s.port ?? 0);
  }
  return stateServiceKey(s);
}

interface Group {
  key: string;
  ops: Operation[];
}

function byGroupKey(a: Group, b: Group): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * The operations that take the kernel's table `current` to `desired` for one director, with the
 * least disruption: never a flush; services and real servers are edited in place (-E/-e) rather
 * than deleted and re-added; new real servers are added before old ones are drained or deleted.
 * Order is deterministic: timeouts, then each changed desired service by serviceKey (its own
 * change, its real servers' additions and edits by destKey, then their removals), then the
 * removal of services that are no longer desired, by serviceKey.
 */
export function plan(current: IpvsState, desired: IpvsState, opts: PlanOptions = {}): Operation[] {
  const ops: Operation[] = [];
  const t = desired.timeouts;
  if (t) {
    const c = current.timeouts;
    if ((t.tcp && t.tcp !== c?.tcp) || (t.tcpFin && t.tcpFin !== c?.tcpFin) || (t.udp && t.udp !== c?.udp)) {
      ops.push({ kind: "set-timeouts", timeouts: { ...t } });
    }
  }
  const byKey = new Map<number | string, KernelService>();
  for (const s of current.services) byKey.set(fastKey(s), s);
  const seen = new Set<number | string>();
  const changed: Group[] = [];
  const duplicates = new Map<string, KernelService>();

  for (const want of desired.services) {
    const fk = fastKey(want);
    if (seen.has(fk)) {
      // a duplicate key in desired: the first one in serviceKey order wins, as if sorted
      duplicates.set(stateServiceKey(want), want);
      continue;
    }
    seen.add(fk);
    const have = byKey.get(fk);
    if (have && sameServiceSettings(have, want) && unchanged(have.dests, want.dests)) continue;
    const g: Group = { key: stateServiceKey(want), ops: [] };
    serviceOps(g, have, want, opts);
    if (g.ops.length) changed.push(g);
  }
  if (duplicates.size) return plan(current, dedupe(desired), opts);
  changed.sort(byGroupKey);
  for (const g of changed) for (const op of g.ops) ops.push(op);

  const gone: Group[] = [];
  for (const [fk, s] of byKey) {
    if (seen.has(fk)) continue;
    const g: Group = { key: stateServiceKey(s), ops: [] };
    if (opts.manages && !opts.manages(g.key, s)) continue;
    removeService(g.key, s, opts, g.ops);
    if (g.ops.length) gone.push(g);
  }
  gone.sort(byGroupKey);
  for (const g of gone) for (const op of g.ops) ops.push(op);
  return ops;
}

/** Desired services sorted by key with duplicates dropped (the first in key order stays). */
function dedupe(desired: IpvsState): IpvsState {
  const out: KernelService[] = [];
  const seen = new Set<string>();
  for (const { k, v } of sortedByKey(desired.services, stateServiceKey)) {
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return { ...desired, services: out };
}

function serviceOps(g: Group, have: KernelService | undefined, want: KernelService, opts: PlanOptions): void {
  const svc = keyParts(want);
  if (!have) {
    g.ops.push({ kind: "add-service", service: copySpec(want) });
    for (const { v: d } of sortedByKey(want.dests, stateDestKey)) g.ops.push({ kind: "add-dest", service: svc, dest: copyDest(d) });
    return;
  }
  if (!sameServiceSettings(have, want)) g.ops.push({ kind: "edit-service", service: copySpec(want), before: copySpec(have) });
  diffDests(g.key, svc, have.dests, want.dests, opts, g.ops);
}

/** True when both lists hold the same real servers, in the same order, with the same settings. */
function unchanged(have: readonly KernelDest[], want: readonly KernelDest[]): boolean {
  if (have.length !== want.length) return false;
  for (let i = 0; i < have.length; i++) {
    const a = have[i]!;
    const b = want[i]!;
    if (a.address !== b.address || a.port !== b.port || !sameDestSettings(a, b)) return false;
  }
  return true;
}

function diffDests(sk: string, svc: ServiceKeyParts, have: readonly KernelDest[], want: readonly KernelDest[], opts: PlanOptions, ops: Operation[]): void {
  if (unchanged(have, want)) return;
  const current = new Map<string, KernelDest>();
  for (const d of have) current.set(stateDestKey(d), d);
  const kept = new Set<string>();
  for (const { k, v: d } of sortedByKey(want, stateDestKey)) {
    if (kept.has(k)) continue;
    kept.add(k);
    const c = current.get(k);
    if (!c) ops.push({ kind: "add-dest", service: svc, dest: copyDest(d) });
    else if (!sameDestSettings(c, d)) ops.push({ kind: "edit-dest", service: svc, dest: copyDest(d), before: c });
  }
  for (const { k, v: d } of sortedByKey(have, stateDestKey)) {
    if (kept.has(k)) continue;
    removeDest(sk, k, svc, d, opts, ops);
  }
}

function removeDest(sk: string, dk: string, svc: ServiceKeyParts, d: KernelDest, opts: PlanOptions, ops: Operation[]): void {
  if (!opts.drain || opts.mayDelete?.(sk, dk)) ops.push({ kind: "delete-dest", service: svc, dest: d });
  else if (d.weight !== 0) {
    const drained = copyDest(d);
    drained.weight = 0;
    ops.push({ kind: "drain-dest", service: svc, dest: drained, before: d });
  }
}

function removeService(sk: string, s: KernelService, opts: PlanOptions, ops: Operation[]): void {
  if (!opts.drain) {
    ops.push({ kind: "delete-service", service: copySpec(s) });
    return;
  }
  const dests = sortedByKey(s.dests, stateDestKey);
  if (dests.every(({ k }) => opts.mayDelete?.(sk, k))) {
    ops.push({ kind: "delete-service", service: copySpec(s) });
    return;
  }
  const svc = keyParts(s);
  for (const { k, v: d } of dests) removeDest(sk, k, svc, d, opts, ops);
}
