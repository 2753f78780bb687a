/**
 * The live viewer of the ingest benchmark, running in headless Chromium (bundled by esbuild at
 * start): the SSE stream of one cluster is applied to the console's own LiveSeries and drawn with
 * uPlot, as the monitor page does. Lag is taken when the chart has drawn the data: sample
 * timestamp at the simulated agent -> uPlot setData done in the next animation frame.
 */
import uPlot from "uplot";
import type { LiveMessage } from "@shoal/telemetry";
import { LiveSeries, TOTALS } from "@shoal/telemetry/ui/live-series";

declare global {
  interface Window {
    __bench: { lags: number[]; messages: number; bytes: number; errors: number; reset(): void };
  }
}

const live = new LiveSeries(300);
const waiting: number[] = [];
const bench = (window.__bench = {
  lags: [] as number[],
  messages: 0,
  bytes: 0,
  errors: 0,
  reset() {
    this.lags = [];
    this.messages = 0;
    this.bytes = 0;
    this.errors = 0;
  },
});

const opts = (title: string): uPlot.Options => ({ title, width: 600, height: 200, series: [{}, { label: "CPS" }] });
const root = document.getElementById("charts")!;
let first: string | null = null;
const charts: { key: string; plot: uPlot }[] = [];

let scheduled = false;
function draw(): void {
  scheduled = false;
  if (!first) {
    first = live.services()[0] ?? null;
    if (first) for (const key of [TOTALS, first]) charts.push({ key, plot: new uPlot(opts(key), live.data(key, [2]), root) });
  }
  for (const c of charts) c.plot.setData(live.data(c.key, [2]));
  const now = Date.now();
  for (const agentT of waiting) bench.lags.push(now - agentT);
  waiting.length = 0;
}

const es = new EventSource("/live");
es.onmessage = (ev: MessageEvent<string>) => {
  bench.messages++;
  bench.bytes += ev.data.length;
  const m = JSON.parse(ev.data) as LiveMessage;
  live.apply(m);
  if (m.type === "sample") waiting.push(m.agentT);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(draw);
  }
};
es.onerror = () => {
  bench.errors++;
};
