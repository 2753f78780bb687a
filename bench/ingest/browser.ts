/**
 * The browser's share of "charts keep up with 1,000 services": per second a cluster's two
 * directors each deliver a LiveMessage with every service; the page applies both to LiveSeries
 * and ServiceGrid re-reads each service's latest figures and its 5 min CPS series. uPlot drawing
 * is left out (only on-screen charts draw: a dozen, not a thousand). Runs in Node: same JS.
 *
 *   pnpm --filter @shoal/bench exec tsx ingest/browser.ts
 */
import { METRIC_STRIDE } from "@shoal/core/metrics/index";
import type { LiveMessage } from "@shoal/telemetry";
import { LiveSeries } from "@shoal/telemetry/ui/live-series";
import { serviceKey, shapeFromEnv } from "./shape.ts";

const shape = shapeFromEnv();
const seconds = Number(process.env.BROWSER_SECONDS ?? 600);
const keys = Array.from({ length: shape.services }, (_, s) => serviceKey(0, s));

function message(director: number, t: number, first: boolean): LiveMessage {
  const svc: (number | null)[] = new Array(shape.services * METRIC_STRIDE);
  for (let i = 0; i < svc.length; i++) svc[i] = Math.round(((i * 31 + t / 1000) % 1000) * 100) / 100;
  return {
    type: "sample",
    directorId: `d${director}`,
    t,
    agentT: t,
    layoutId: `L${director}`,
    ...(first ? { services: keys } : {}),
    svc,
    totals: svc.slice(0, METRIC_STRIDE),
  };
}

const live = new LiveSeries(300);
const VISIBLE = 12;
const t0 = Date.now() - seconds * 1000;
const msgs = Array.from({ length: seconds }, (_, i) => [message(0, t0 + i * 1000, i === 0), message(1, t0 + i * 1000 + 400, i === 0)] as const);
// JSON round trip, as the SSE stream delivers them.
const wire = msgs.map(([a, b]) => [JSON.stringify(a), JSON.stringify(b)] as const);

let applyMs = 0;
let renderMs = 0;
for (let i = 0; i < seconds; i++) {
  let c = performance.now();
  for (const text of wire[i]!) live.apply(JSON.parse(text) as LiveMessage);
  applyMs += performance.now() - c;
  c = performance.now();
  let sink = 0;
  // Every card's text figures, and the series of the ~12 cards on screen.
  const all = live.services();
  for (const s of all) for (const m of [0, 1, 2, 5, 6]) sink += live.latest(s, m) ?? 0;
  for (const s of all.slice(0, VISIBLE)) sink += live.data(s, [2])[0].length;
  renderMs += performance.now() - c;
  if (sink < 0) console.log(sink);
}
const f = (n: number) => n.toFixed(2);
console.log(`browser side, ${shape.services} services from 2 directors, mean over ${seconds} s of stream (5 min window):`);
console.log(`  parse + apply both messages: ${f(applyMs / seconds)} ms per second`);
console.log(`  ServiceGrid figures for all ${shape.services} services + series of ${VISIBLE} on screen: ${f(renderMs / seconds)} ms per second`);
console.log(`  = ${f(((applyMs + renderMs) / seconds / 1000) * 100)} % of one core, ${(JSON.stringify(msgs[1]![0]).length / 1024).toFixed(0)} KiB per message`);
