import { METRIC_STRIDE } from "@shoal/core/metrics/index";
import type { Frame } from "./frame.ts";
import type { HubEvent, TelemetryHub } from "./hub.ts";
import type { HealthEvent } from "@shoal/core/metrics/index";

/**
 * What a browser receives each second per director of the watched cluster: the newest values of
 * every service (one flat array, METRIC_STRIDE per service; null = no rate), keys only when they
 * changed since the last message on this stream. 1,000 services cost ~40 KB/s per viewer.
 * Real servers are included only for the services a page asks for (a detail page), because all
 * 10,000 of them would be ten times that.
 */
export type LiveMessage =
  | {
      type: "sample";
      directorId: string;
      t: number;
      /** Agent timestamp: lets the page show the end-to-end lag. */
      agentT: number;
      layoutId: string;
      /** Present when layoutId differs from the previous message for this director. */
      services?: string[];
      svc: (number | null)[];
      totals: (number | null)[];
      dests?: { service: string; keys: string[]; values: (number | null)[] }[];
    }
  | { type: "health"; directorId: string; events: HealthEvent[] };

export interface LiveOptions {
  clusterId: string;
  /** Services whose real servers to include. */
  destsOf?: readonly string[];
  signal?: AbortSignal;
}

function toPlain(a: ArrayLike<number>): (number | null)[] {
  const out = new Array<number | null>(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    // Two decimals are below any chart's resolution and halve the JSON.
    out[i] = v !== v ? null : Math.round(v * 100) / 100;
  }
  return out;
}

/**
 * The per-frame part of a message, computed once however many browsers watch the cluster (each
 * subscriber used to round 7,000 numbers of every frame again). Frames are immutable; the entry
 * goes with the frame.
 */
const projected = new WeakMap<Frame, { svc: (number | null)[]; totals: (number | null)[] }>();

function projectFrame(f: Frame): { svc: (number | null)[]; totals: (number | null)[] } {
  let p = projected.get(f);
  if (p) return p;
  const tot = f.totals?.rates;
  let active = 0;
  let inactive = 0;
  for (let i = 0; i < f.svc.length; i += METRIC_STRIDE) {
    active += f.svc[i]!;
    inactive += f.svc[i + 1]!;
  }
  p = { svc: toPlain(f.svc), totals: [active, inactive, ...(tot ? tot.map((v) => Math.round(v * 100) / 100) : [null, null, null, null, null])] };
  projected.set(f, p);
  return p;
}

/** Maps hub events to browser messages; stateful (remembers which layouts were sent). */
export function liveProjector(opts: Pick<LiveOptions, "destsOf">) {
  const sentLayout = new Map<string, string>();
  return (e: HubEvent): LiveMessage => {
    if (e.type === "health") return { type: "health", directorId: e.directorId, events: e.events };
    const f = e.frame;
    const fresh = sentLayout.get(e.directorId) !== f.layout.id;
    sentLayout.set(e.directorId, f.layout.id);
    const shared = projectFrame(f);
    const msg: LiveMessage = {
      type: "sample",
      directorId: e.directorId,
      t: f.t,
      agentT: f.agentT,
      layoutId: f.layout.id,
      svc: shared.svc,
      totals: shared.totals,
    };
    if (fresh) msg.services = [...f.layout.svc];
    if (opts.destsOf?.length) {
      msg.dests = opts.destsOf.map((service) => {
        const rows = f.layout.destRowsOf(service);
        const values: number[] = [];
        for (const r of rows) for (let k = 0; k < METRIC_STRIDE; k++) values.push(f.dst[r * METRIC_STRIDE + k]!);
        return { service, keys: rows.map((r) => f.layout.dstKey[r]!), values: toPlain(values) };
      });
    }
    return msg;
  };
}

/**
 * The body of a tRPC subscription procedure:
 *   live: viewerProcedure.input(z.object({ clusterId: z.string(), destsOf: z.array(z.string()).max(50).optional() }))
 *     .subscription(({ input, signal }) => liveStream(getTelemetry().hub, { ...input, signal }))
 */
export async function* liveStream(hub: TelemetryHub, opts: LiveOptions): AsyncGenerator<LiveMessage, void, undefined> {
  const project = liveProjector(opts);
  for await (const e of hub.subscribe(opts.clusterId, { signal: opts.signal })) yield project(e);
}
