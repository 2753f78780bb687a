/**
 * Simulated directors: each posts one sample per second, as the agent's batcher would, staggered
 * across the second (agents are not synchronised), in the agent's binary sample frame. Matrices
 * are made once per variant, so the load generator stays light and the console is measured.
 * JSON=1 sends the JSON transport instead (base64 matrices), for comparison.
 */
import { encodeSampleFrame, METRIC_STRIDE, SAMPLE_FRAME_TYPE, type RawSample, type WireLayout } from "@shoal/core/metrics/index";
import { destKey, serviceKey, shapeFromEnv, token } from "./shape.ts";

const shape = shapeFromEnv();
const [from, to, port] = process.argv.slice(2).map(Number) as [number, number, number];
const url = `http://127.0.0.1:${port}/api/agent/v1/samples`;

function matrix(rows: number, seed: number): Uint8Array {
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
  return new Uint8Array(m.buffer);
}
const asJson = process.env.JSON === "1";

const VARIANTS = 4;
const svcM = Array.from({ length: VARIANTS }, (_, i) => matrix(shape.services, i));
const dstM = Array.from({ length: VARIANTS }, (_, i) => matrix(shape.services * shape.dests, i + 10));

function layout(d: number): WireLayout {
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
  return { id: `bench.${d}`, svc, dst: { s, k } };
}

let sampled = 0;
let sent = 0;
let ok = 0;
const failures = new Map<string, number>();
const running = new Set<Promise<void>>();
let stopping = false;

/** Directors whose layout the console acknowledged (a 200 to a batch carrying it). */
const acked = new Set<number>();

interface Pending {
  t: number;
  n: number;
}

function fail(key: string): void {
  failures.set(key, (failures.get(key) ?? 0) + 1);
}

function sample(d: number, p: Pending): RawSample {
  const conns = 1_000_000 + p.n * 50;
  const totals = {
    conns,
    inPkts: conns * 10,
    outPkts: conns * 9,
    inBytes: String(BigInt(conns) * 1000n),
    outBytes: String(BigInt(conns) * 50000n),
    rates: [50, 500, 450, 64000, 1200000] as [number, number, number, number, number],
  };
  const v = p.n % VARIANTS;
  return { t: p.t, l: `bench.${d}`, totals, svc: svcM[v]!, dst: dstM[v]! };
}

const b64 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64");
function body(d: number, seq: number, withLayout: boolean, samples: Pending[]): { type: string; body: Uint8Array<ArrayBuffer> | string } {
  const batch = { v: 1 as const, seq, layouts: withLayout ? [layout(d)] : [], samples: samples.map((p) => sample(d, p)), health: [] };
  if (!asJson) return { type: SAMPLE_FRAME_TYPE, body: encodeSampleFrame(batch) };
  return { type: "application/json", body: JSON.stringify({ ...batch, samples: batch.samples.map((x) => ({ ...x, svc: b64(x.svc), dst: b64(x.dst) })) }) };
}

/** One POST, as the agent's batcher makes it; true when the console stored it. */
/** Per sample: tick -> its POST issued (loader-side queueing), and POST round trips. */
const waitMs: number[] = [];
const roundTripMs: number[] = [];

async function post(d: number, seq: number, samples: Pending[]): Promise<boolean> {
  const issued = Date.now();
  for (const p of samples) waitMs.push(issued - p.t);
  const withLayout = !acked.has(d);
  const b = body(d, seq, withLayout, samples);
  sent += samples.length;
  try {
    const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token(d)}`, "content-type": b.type }, body: b.body });
    const text = await res.text();
    roundTripMs.push(Date.now() - issued);
    if (res.status === 200) {
      ok += samples.length;
      if (withLayout) acked.add(d);
      return true;
    }
    if (res.status === 409) acked.delete(d);
    fail(`${res.status} ${text.slice(0, 160)}`);
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    fail(`${String(e)}: ${cause?.code ?? ""} ${cause?.message ?? ""}`.slice(0, 160));
  }
  return false;
}

/**
 * Like the agent: one POST in flight per director; samples taken meanwhile wait and go together
 * in the next batch (at most 120), and a failed batch is retried with what came after it.
 */
function director(d: number): void {
  let seq = 0;
  let n = 0;
  let inFlight = false;
  const backlog: Pending[] = [];
  const send = () => {
    if (inFlight || backlog.length === 0) return;
    inFlight = true;
    // The agent's batcher caps a POST at 1,000,000 matrix cells: 12 samples of 11,000 series.
    const take = backlog.splice(0, Math.max(1, Math.floor(1_000_000 / (shape.services * (shape.dests + 1) * METRIC_STRIDE))));
    const p = post(d, seq, take)
      .then((stored) => {
        if (stored) seq++;
        else backlog.unshift(...take);
      })
      .finally(() => {
        inFlight = false;
        running.delete(p);
        if (!stopping || backlog.length) send();
      });
    running.add(p);
  };
  const offset = ((d - from) / (to - from)) * 1000;
  // Each tick aims at the previous target + 1 s, so drift never piles up and two ticks are never
  // a millisecond apart (the console would rightly take equal timestamps for a replay).
  let target = Math.ceil(Date.now() / 1000) * 1000 + offset;
  const tick = () => {
    if (stopping) return;
    backlog.push({ t: Date.now(), n: n++ });
    sampled++;
    send();
    target += 1000;
    setTimeout(tick, Math.max(0, target - Date.now()));
  };
  setTimeout(tick, Math.max(0, target - Date.now()));
}

for (let d = from; d < to; d++) director(d);

process.on("message", async (msg: { type: string }) => {
  if (msg.type === "stop") {
    stopping = true;
    // Let backlogs drain (each director keeps sending until empty), as an agent would.
    while (running.size) await Promise.all(running);
    const cpu = process.cpuUsage();
    process.send!({ type: "done", sampled, sent, ok, failures: Object.fromEntries(failures), cpuSeconds: (cpu.user + cpu.system) / 1e6, waitMs, roundTripMs });
    process.exit(0);
  }
});
process.send!({ type: "ready" });
