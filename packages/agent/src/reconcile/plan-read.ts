import type { IpvsState, KernelService } from "@shoal/core";
import type { IpvsKernel, PlanView } from "../kernel/index.ts";
import { ConnIndex } from "../kernel/conn-index.ts";
import { procHides } from "../kernel/proc/hidden.ts";
import { serviceKeyOf } from "./service-key.ts";

/** How often the whole table is read through netlink even when /proc is trusted. */
export const FULL_READ_EVERY_MS = 45_000;

/**
 * Which read a reconcile plans from. /proc/net/ip_vs (where the backend offers it) cannot show
 * thresholds, tunnel details, scheduler flags, pe or one-packet on IPv6, so:
 * - a service whose desired state or last-read state has any of those is read through netlink
 *   every cycle: a wanted threshold is compared with the kernel's, and one set earlier is seen
 *   going back to the default;
 * - the whole table is read through netlink at start, every FULL_READ_EVERY_MS, and after a
 *   cycle the kernel refused something: a hand-made threshold on a service that has none is
 *   found (and corrected) within that time rather than within 2 s.
 */
export class PlanReader {
  private lastFullAt = -Infinity;
  private forceFull = true;
  /** Services last read with something /proc cannot show. */
  private hiddenInKernel = new Set<string>();

  constructor(
    private readonly ipvs: IpvsKernel,
    private readonly fullEveryMs = FULL_READ_EVERY_MS,
  ) {}

  async read(desired: IpvsState, now: number): Promise<PlanView> {
    if (!this.ipvs.readPlanView) return fromSnapshot(await this.ipvs.readWithStats());
    const full = this.forceFull || now - this.lastFullAt >= this.fullEveryMs;
    const wanted = new Set<string>();
    for (const s of desired.services) if (procHides(s)) wanted.add(serviceKeyOf(s));
    const known = this.hiddenInKernel;
    const byKey = this.desiredByKey(desired);
    const view = await this.ipvs.readPlanView({ full, exact: (k) => wanted.has(k) || known.has(k), desired: (k) => byKey.get(k) });
    if (full) {
      this.lastFullAt = now;
      this.forceFull = false;
    }
    const hidden = new Set<string>();
    for (const s of view.state.services) if (procHides(s)) hidden.add(serviceKeyOf(s));
    this.hiddenInKernel = hidden;
    return view;
  }

  private byKey: { of: readonly KernelService[]; map: Map<string, KernelService> } | undefined;

  /**
   * Desired services by key, kept while the desired services are the same objects (desiredState()
   * is memoised upstream; the quorum step copies only the services it changes).
   */
  private desiredByKey(desired: IpvsState): Map<string, KernelService> {
    const of = this.byKey?.of;
    const same = of !== undefined && of.length === desired.services.length && desired.services.every((s, i) => s === of[i]);
    if (!same) this.byKey = { of: desired.services, map: new Map(desired.services.map((s) => [serviceKeyOf(s), s])) };
    return this.byKey!.map;
  }

  /** The next read is a full one (e.g. the kernel refused an operation planned from /proc). */
  readFullNext(): void {
    this.forceFull = true;
  }
}

function fromSnapshot(s: Awaited<ReturnType<IpvsKernel["readWithStats"]>>): PlanView {
  return { state: s.state, conns: ConnIndex.fromStats(s.stats).get, source: "netlink" };
}
