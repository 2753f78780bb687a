// Shared by the kernel lab tests (run inside the guest, bundled by lab/bundle.sh).
import { execFileSync } from "node:child_process";
import { canonicalState, parseIpvsadmList, parseIpvsadmSave, type IpvsState } from "../../../packages/core/src/index.ts";
import { IpvsadmKernel } from "../../../packages/agent/src/kernel/ipvsadm/ipvsadm-kernel.ts";
import { NetlinkIpvsKernel } from "../../../packages/agent/src/kernel/netlink/ipvs-netlink.ts";
import type { IpvsKernel } from "../../../packages/agent/src/kernel/types.ts";

let fails = 0;
export function check(what: string, ok: boolean, detail?: unknown): void {
  if (ok) console.log(`PASS: ${what}`);
  else {
    fails++;
    console.log(`FAIL: ${what}`);
    if (detail !== undefined) console.log(`    ${typeof detail === "string" ? detail : JSON.stringify(detail)}`.slice(0, 3000));
  }
}
export const failures = (): number => fails;

export async function openBackend(name: string): Promise<IpvsKernel> {
  if (name === "netlink") return NetlinkIpvsKernel.open();
  if (name === "ipvsadm") return new IpvsadmKernel();
  throw new Error(`unknown backend ${name}`);
}

export const ipvsadm = (...args: string[]): string => execFileSync("ipvsadm", args, { encoding: "utf8" });

/** Key-sorted JSON without undefined fields: equal tables give equal strings. */
export function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x)
            .filter(([, y]) => y !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : x,
  );
}

/** The services of a table, canonical, thresholds zeroed (ipvsadm -S does not show them). */
export function comparable(s: IpvsState): string {
  const c = canonicalState({ services: s.services });
  for (const svc of c.services) svc.dests = svc.dests.map((d) => ({ ...d, upperThreshold: 0, lowerThreshold: 0 }));
  return stable(c.services);
}

/** What `ipvsadm -S -n` shows, parsed by core. */
export function savedTable(): IpvsState {
  const r = parseIpvsadmSave(ipvsadm("-S", "-n"));
  if (!r.ok) throw new Error(`ipvsadm -S -n did not parse: ${JSON.stringify(r.errors)}`);
  return r.value;
}

export function thresholdsListing() {
  const r = parseIpvsadmList(ipvsadm("-L", "-n", "--thresholds"));
  if (!r.ok) throw new Error("ipvsadm -Ln --thresholds did not parse");
  return r.value;
}

/** The first service that differs between two comparable() strings, for a readable FAIL. */
export function firstDifference(a: string, b: string): unknown {
  const x = JSON.parse(a) as unknown[];
  const y = JSON.parse(b) as unknown[];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (JSON.stringify(x[i]) !== JSON.stringify(y[i])) return { index: i, got: x[i], want: y[i] };
  }
  return undefined;
}
