import type { Cluster } from "@shoal/core";
import { realServerNeeds } from "@shoal/core";
import type { AddressKernel, Sysctl } from "../kernel/index.ts";
import type { Logger } from "../log.ts";
import { desiredRealServer, realServerActions } from "./plan.ts";
import { devicesUp, ensureDeviceUp } from "./links.ts";

export interface RealServerResult {
  /** This host's addresses found as real servers of the cluster. */
  servesAs: string[];
  changes: string[];
  errors: { operation: string; message: string; at: string }[];
}

/**
 * One real-server check: finds which of this host's addresses are real servers in the cluster,
 * and puts back whatever a reboot or network restart took away (VIPs, tunnel device, sysctls).
 * Adds only; never removes an address (the operator may have put it there).
 */
export async function reconcileRealServer(cluster: Cluster, deps: { addresses: AddressKernel; sysctl: Sysctl; log: Logger }, only?: string[]): Promise<RealServerResult> {
  const present = await deps.addresses.list();
  const mine = only?.length ? only : [...new Set(present.map((a) => a.address))];
  const needs = mine.map((a) => realServerNeeds(cluster, a)).filter((n) => n.dr.length || n.tun.length);
  const wanted = desiredRealServer(needs);
  const sysctlNow: Record<string, string | undefined> = {};
  for (const k of Object.keys(wanted.sysctls)) sysctlNow[k] = await deps.sysctl.get(k).catch(() => undefined);
  const actions = realServerActions(wanted, { addresses: present, devicesUp: await devicesUp(), sysctls: sysctlNow });
  const res: RealServerResult = { servesAs: needs.map((n) => n.address), changes: [], errors: [] };
  const fail = (operation: string, e: unknown) => res.errors.push({ operation, message: (e as Error).message, at: new Date().toISOString() });

  for (const d of actions.devices) {
    try {
      await ensureDeviceUp(d.device, d.module);
      res.changes.push(`bring up ${d.device}`);
    } catch (e) {
      fail(`bring up ${d.device}`, e);
    }
  }
  // Sysctls of a tunnel device exist only once the device does, so they come after it.
  for (const [k, v] of Object.entries(actions.sysctls)) {
    try {
      await deps.sysctl.set(k, v);
      res.changes.push(`set ${k}=${v} (was ${sysctlNow[k] ?? "absent"})`);
    } catch (e) {
      fail(`set ${k}=${v}`, e);
    }
  }
  for (const a of actions.addresses) {
    try {
      await deps.addresses.add(a);
      res.changes.push(`add VIP ${a.address}/${a.prefix} on ${a.iface}`);
    } catch (e) {
      fail(`add VIP ${a.address}/${a.prefix} on ${a.iface}`, e);
    }
  }
  if (res.changes.length) deps.log.info({ changes: res.changes }, "real server set up");
  for (const e of res.errors) deps.log.error(e, "real server setup failed");
  return res;
}
