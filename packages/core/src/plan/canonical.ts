import type { IpvsState, KernelService } from "../model/ipvs-state.ts";
import { stateDestKey, stateServiceKey } from "./keys.ts";

function byKey<T>(items: readonly T[], key: (t: T) => string): T[] {
  const keyed = items.map((item) => ({ item, k: key(item) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((x) => x.item);
}

/**
 * The order desiredState() produces (services by serviceKey, real servers by destKey, flags
 * sorted), so a parsed or applied table compares deep-equal with a desired one.
 */
export function canonicalState(state: IpvsState): IpvsState {
  const services = byKey(state.services, stateServiceKey).map((s): KernelService => ({ ...s, schedFlags: [...s.schedFlags].sort(), dests: byKey(s.dests, stateDestKey) }));
  const out: IpvsState = { services };
  if (state.timeouts) out.timeouts = { ...state.timeouts };
  return out;
}
