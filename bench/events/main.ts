// Event -> webhook delivery latency: D directors each POST a status report every second in which
// every one of its R real servers changes state (down <-> up), so D x R events per second reach the
// console over real HTTP; a rule (wait 0, send resolved) pages a real webhook receiver for every one.
// Prints p50/p99/max latency (report sent -> webhook received), lost alerts and the console's CPU.
//   pnpm --filter @shoal/bench events [--directors 100] [--real-servers 10] [--seconds 10]
// Goal (issue 17): p99 <= 1 s and 0 lost at 1,000 events/s from 100 directors.
import { spawn } from "node:child_process";
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createDb, migrateDeploy, sha256 } from "@shoal/db";

const { values } = parseArgs({ options: { directors: { type: "string" }, "real-servers": { type: "string" }, seconds: { type: "string" } } });
const D = Number(values.directors ?? 100);
const R = Number(values["real-servers"] ?? 10);
const SECONDS = Number(values.seconds ?? 10);
const SERVICE = "tcp 10.0.1.100:80";

const dir = mkdtempSync(join(tmpdir(), "shoal-bench-events-"));
const file = join(dir, "bench.db");
await migrateDeploy({ db: file });
const db = createDb(file);

// Webhook receiver: latency per alert, matched FIFO per (director, real server, status).
const sentAt = new Map<string, number[]>();
const latencies: number[] = [];
let received = 0;
let unmatched = 0;
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const now = performance.now() + performance.timeOrigin;
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { alerts: { director: string; realServer: string; status: string }[] };
    for (const a of body.alerts) {
      received++;
      const q = sentAt.get(`${a.director}|${a.realServer}|${a.status}`);
      const t = q?.shift();
      if (t === undefined) unmatched++;
      else latencies.push(now - t);
    }
    res.writeHead(200).end();
  });
});
await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const cluster = await db.cluster.create({ data: { name: "bench" } });
const tokens: { name: string; token: string }[] = [];
for (let i = 0; i < D; i++) {
  const token = `bench-director-token-${i}-${"x".repeat(20)}`;
  const name = `lvs-${String(i).padStart(3, "0")}`;
  await db.director.create({ data: { clusterId: cluster.id, name, role: "backup", data: "{}", tokenHash: sha256(token), lastSeenAt: new Date() } });
  tokens.push({ name, token });
}
const ch = await db.alertChannel.create({ data: { name: "bench", type: "webhook", config: JSON.stringify({ url: hookUrl }) } });
await db.alertRule.create({
  data: {
    data: JSON.stringify({
      name: "bench",
      enabled: true,
      kinds: ["realserver.down"],
      minSeverity: "info",
      clusterId: cluster.id,
      service: null,
      waitSeconds: 0,
      repeatSeconds: 0,
      sendResolved: true,
      channelIds: [ch.id],
    }),
  },
});
await db.$disconnect();

const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "console.ts"), file], {
  stdio: ["ignore", "pipe", "inherit"],
  env: { ...process.env, SHOAL_LOG_LEVEL: "warn" },
});
const port = await new Promise<number>((resolve) =>
  child.stdout.on("data", (d: Buffer) => {
    const m = /port (\d+)/.exec(d.toString());
    if (m) resolve(Number(m[1]));
  }),
);
const cpu = () => {
  const f = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, clock ticks (100 Hz)
};

const dests = Array.from({ length: R }, (_, j) => `10.0.${Math.floor(j / 250)}.${(j % 250) + 1}:80`);
let expected = 0;
let refused = 0;
async function send(d: { name: string; token: string }, round: number) {
  const up = round % 2 === 1;
  const status = up ? "resolved" : "firing";
  const body = JSON.stringify({
    agentVersion: "bench",
    appliedRevision: null,
    health: dests.map((dest) => ({ service: SERVICE, dest, up, check: "tcp", lastMessage: up ? "connected" : "connection refused" })),
    reportedAt: new Date().toISOString(),
  });
  const t = performance.now() + performance.timeOrigin;
  for (const dest of dests) {
    const k = `${d.name}|${dest}|${status}`;
    (sentAt.get(k) ?? sentAt.set(k, []).get(k)!).push(t);
  }
  expected += dests.length;
  const res = await fetch(`http://127.0.0.1:${port}/api/agent/v1/status`, {
    method: "POST",
    headers: { authorization: `Bearer ${d.token}`, "content-type": "application/json" },
    body,
  });
  if (res.status !== 200) refused++;
  await res.arrayBuffer();
}

console.log(`bench/events: ${D} directors x ${R} real servers changing every second = ${D * R} events/s for ${SECONDS} s, webhook rule wait 0`);
const cpu0 = cpu();
const t0 = performance.now();
const inflight: Promise<void>[] = [];
for (let round = 0; round < SECONDS; round++) {
  const roundStart = t0 + round * 1000;
  // Directors spread over the second, as real agents are.
  for (let i = 0; i < D; i++) {
    const at = roundStart + (i * 1000) / D;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(send(tokens[i]!, round));
  }
}
await Promise.all(inflight);
const loadS = (performance.now() - t0) / 1000;
const cpuLoad = cpu() - cpu0;
const deadline = Date.now() + 60_000;
while (received < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
const drainS = (performance.now() - t0) / 1000;
const cpuAll = cpu() - cpu0;

const s = [...latencies].sort((a, b) => a - b);
const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : NaN);
console.log(`events sent ${expected} in ${loadS.toFixed(1)} s (${(expected / loadS).toFixed(0)}/s), status reports refused ${refused}`);
console.log(`alerts received ${received} (${unmatched} unmatched), lost ${Math.max(0, expected - received)}; all in by ${drainS.toFixed(1)} s`);
console.log(
  `latency report -> webhook: p50 ${q(0.5).toFixed(0)} ms, p99 ${q(0.99).toFixed(0)} ms, max ${(s.at(-1) ?? NaN).toFixed(0)} ms (goal p99 <= 1000 ms: ${(q(0.99) / 1000).toFixed(2)}x of it)`,
);
console.log(`console CPU: ${((cpuLoad / loadS) * 100).toFixed(0)}% of one core during the load, ${cpuAll.toFixed(1)} CPU-s until the last alert`);
child.kill("SIGKILL");
receiver.close();
if (process.env.SHOAL_BENCH_KEEP === "1") console.log(`kept ${file}`);
else rmSync(dir, { recursive: true, force: true });
