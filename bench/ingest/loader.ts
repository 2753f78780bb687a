/**
 * Simulated directors: each posts one sample per second, as the agent's batcher would, staggered
 * across the second (agents are not synchronised). Matrices are encoded once per variant and the
 * body assembled by concatenation, so the load generator stays light and the console is measured.
 */
import { METRIC_STRIDE } from "@shoal/core/metrics/index";
import { destKey, serviceKey, shapeFromEnv, token } from "./shape.ts";

const shape = shapeFromEnv();
const [from, to, port] = process.argv.slice(2).map(Number) as [number, number, number];
const url = `http://127.0.0.1:${port}/api/agent/v1/samples`;

function matrix(rows: number, seed: number): string {
  const m = new Float32Array(rows * METRIC_STRIDE);
  for (let r = 0; r < rows; r++) {
    const o = r * METRIC_STRIDE;
    const k = (r * 7919 + seed * 104729) % 1000;
    m[o] = 10 + (k % 50);
    m[o + 1] = 3 + (k % 7);
    m[o + 2] = 5 + (k % 13) / 4;
    m[o + 3] = 500 + k;
    m[o + 4] = 450 + k;
    m[o + 5] = 64_000 + 100 * k;
    m[o + 6] = 1_200_000 + 1000 * k;
  }
  return Buffer.from(m.buffer).toString("base64");
}

const VARIANTS = 4;
const svcM = Array.from({ length: VARIANTS }, (_, i) => matrix(shape.services, i));
const dstM = Array.from({ length: VARIANTS }, (_, i) => matrix(shape.services * shape.dests, i + 10));

function layoutJson(d: number): string {
  const svc: string[] = [];
  const s: number[] = [];
  const k: string[] = [];
  for (let i = 0; i < shape.services; i++) {
    svc.push(serviceKey(d, i));
    for (let r = 0; r < shape.dests; r++) {
      s.push(i);
      k.push(destKey(d, i, r));
    }
  }
  return JSON.stringify({ id: `bench.${d}`, svc, dst: { s, k } });
}

let sent = 0;
let ok = 0;
const failures = new Map<string, number>();
const running = new Set<Promise<void>>();
let stopping = false;

async function post(d: number, seq: number, withLayout: boolean): Promise<void> {
  const v = seq % VARIANTS;
  const t = Date.now();
  const conns = 1_000_000 + seq * 50;
  const totals = `{"conns":${conns},"inPkts":${conns * 10},"outPkts":${conns * 9},"inBytes":"${BigInt(conns) * 1000n}","outBytes":"${BigInt(conns) * 50000n}","rates":[50,500,450,64000,1200000]}`;
  const body = `{"v":1,"seq":${seq},"layouts":[${withLayout ? layoutJson(d) : ""}],"samples":[{"t":${t},"l":"bench.${d}","totals":${totals},"svc":"${svcM[v]}","dst":"${dstM[v]}"}],"health":[]}`;
  sent++;
  try {
    const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token(d)}`, "content-type": "application/json" }, body });
    const text = await res.text();
    if (res.status === 200) ok++;
    else failures.set(`${res.status} ${text.slice(0, 120)}`, (failures.get(`${res.status} ${text.slice(0, 120)}`) ?? 0) + 1);
  } catch (e) {
    const key = String(e).slice(0, 120);
    failures.set(key, (failures.get(key) ?? 0) + 1);
  }
}

function director(d: number): void {
  let seq = 0;
  const offset = ((d - from) / (to - from)) * 1000;
  const tick = () => {
    if (stopping) return;
    const p = post(d, seq, seq === 0).finally(() => running.delete(p));
    running.add(p);
    seq++;
    // Aligned to the wall clock second plus this director's offset, so drift never piles up.
    const now = Date.now();
    setTimeout(tick, 1000 - ((now - offset) % 1000));
  };
  setTimeout(tick, offset);
}

for (let d = from; d < to; d++) director(d);

process.on("message", async (msg: { type: string }) => {
  if (msg.type === "stop") {
    stopping = true;
    await Promise.all(running);
    process.send!({ type: "done", sent, ok, failures: Object.fromEntries(failures) });
    process.exit(0);
  }
});
process.send!({ type: "ready" });
