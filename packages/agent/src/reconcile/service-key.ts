import type { KernelService } from "@shoal/core";
import { stateServiceKey } from "@shoal/core";

const keys = new WeakMap<KernelService, string>();

/**
 * stateServiceKey() once per service object. The desired services are memoised and the kernel's
 * unchanged ones are those same objects (the /proc view interns them), so an idle reconcile at
 * 10,000 services builds no key strings. Service objects are never changed in place.
 */
export function serviceKeyOf(s: KernelService): string {
  let k = keys.get(s);
  if (k === undefined) {
    k = stateServiceKey(s);
    keys.set(s, k);
  }
  return k;
}
