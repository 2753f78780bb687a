// Console API list speed: virtualService.list over a seeded cluster of 1,000 services x 10 real
// servers (target <= 100 ms), through createCaller and through the real HTTP handler.
//   pnpm --filter @shoal/bench console-api [--services N] [--real-servers N] [--runs N]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createCaller, createContext, handleTrpcRequest } from "@shoal/api";
import { hashPasswordForBench } from "@shoal/api/bench-support";
import { createDb, migrateDeploy } from "@shoal/db";
import { seedBulk } from "@shoal/db/seed";

const { values } = parseArgs({ options: { services: { type: "string" }, "real-servers": { type: "string" }, runs: { type: "string" } } });
const services = Number(values.services ?? 1000);
const realServers = Number(values["real-servers"] ?? 10);
const runs = Number(values.runs ?? 30);

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${s.at(-1)!.toFixed(1)} ms`;
}

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm-up: first query plans, JIT
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), "shoal-bench-api-"));
const file = join(dir, "bench.db");
try {
  await migrateDeploy({ db: file });
  const db = createDb(file);
  const t0 = performance.now();
  const clusterId = await seedBulk(db, services, realServers);
  console.log(`seeded ${services} services x ${realServers} real servers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  await db.user.create({ data: { username: "bench", role: "viewer", passwordHash: await hashPasswordForBench("bench password 123") } });
  const cookies: string[] = [];
  const anon = createCaller(await createContext({ db, req: { ip: "127.0.0.1", userAgent: "bench", secure: false, sessionToken: null }, setCookie: (c) => cookies.push(c) }));
  await anon.auth.login({ username: "bench", password: "bench password 123" });
  const token = cookies[0]!.split(";")[0]!.split("=")[1]!;
  const caller = createCaller(await createContext({ db, req: { ip: "127.0.0.1", userAgent: "bench", secure: false, sessionToken: token } }));

  const page = await time(() => caller.virtualService.list({ clusterId, limit: 100 }));
  const all = await time(() => caller.virtualService.list({ clusterId, limit: 1000 }));
  const sorted = await time(() => caller.virtualService.list({ clusterId, limit: 100, sort: "address", direction: "desc", search: "172.16.2" }));
  const input = encodeURIComponent(JSON.stringify({ clusterId, limit: 1000 }));
  const http = await time(async () => {
    const res = await handleTrpcRequest(new Request(`http://bench/api/trpc/virtualService.list?input=${input}`, { headers: { cookie: `shoal_session=${token}` } }), { db });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    await res.arrayBuffer();
  });
  const draft = await time(() => caller.cluster.draft({ id: clusterId }));

  // Apply path at this size, once each (operator): preview (diff + validateCluster) and applyDraft.
  await db.user.update({ where: { username: "bench" }, data: { role: "operator" } });
  const once = async (fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    return (performance.now() - t).toFixed(0);
  };
  const operator = createCaller(await createContext({ db, req: { ip: "127.0.0.1", userAgent: "bench", secure: false, sessionToken: token } }));
  const previewMs = await once(() => operator.revision.preview({ clusterId }));
  const applyMs = await once(() => operator.revision.applyDraft({ clusterId, message: "bench" }));
  const exportMs = await once(() => operator.export.file({ clusterId, name: "ipvsadm.rules" }));

  console.log(`virtualService.list, page of 100:              ${stats(page)}`);
  console.log(`virtualService.list, all 1,000 rows:           ${stats(all)}`);
  console.log(`virtualService.list, search + sort by address: ${stats(sorted)}`);
  console.log(`virtualService.list over HTTP, 1,000 rows:     ${stats(http)}`);
  console.log(`cluster.draft (full core Cluster, ${services * realServers} real servers): ${stats(draft)}`);
  console.log(`revision.preview ${previewMs} ms, revision.applyDraft ${applyMs} ms, export.file ipvsadm.rules ${exportMs} ms (one run each)`);
  console.log(
    `target: list <= 100 ms -> ${Math.max(...[page, all, http].map((x) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)]!)) <= 100 ? "met" : "NOT met"} (medians, ${runs} runs each)`,
  );
  await db.$disconnect();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
