// Import preview speed and the console's memory (issue 21, point 7): import.preview of an
// `ipvsadm -S -n` dump of 100, 1,000 and 10,000 NAT services (x 10 real servers, no DIP: one
// warning per real server, the worst case for the diagnostics) and of a 10 MB dump, through the
// console's real HTTP tRPC handler over a real SQLite file. Target: a 10 MB file in under 2 s.
// The figure before the fix (issue 21): a 5 MB dump, 19 s, a 59 MB preview, 252 -> 575 MB.
//   pnpm --filter @shoal/bench import [--runs N]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createCaller, createContext, handleTrpcRequest } from "@shoal/api";
import { hashPasswordForBench } from "@shoal/api/bench-support";
import { createDb, migrateDeploy } from "@shoal/db";

const { values } = parseArgs({ options: { runs: { type: "string" } } });
const runs = Number(values.runs ?? 3);

/** An ipvsadm -S -n dump: `services` NAT services with `rs` real servers each. */
function dump(services: number, rs: number): string {
  const out: string[] = [];
  for (let i = 0; i < services; i++) {
    const vip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:80`;
    out.push(`-A -t ${vip} -s wlc`);
    for (let k = 0; k < rs; k++) out.push(`-a -t ${vip} -r 172.${16 + (k & 15)}.${(i >> 8) & 255}.${i & 255}:8080 -m -w 1`);
  }
  return out.join("\n") + "\n";
}

/** Services (x 10 real servers) whose dump is about `bytes` long. */
function servicesFor(bytes: number): number {
  const per = dump(100, 10).length / 100;
  return Math.ceil(bytes / per);
}

const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;

const dir = mkdtempSync(join(tmpdir(), "shoal-bench-import-"));
try {
  const file = join(dir, "bench.db");
  await migrateDeploy({ db: file });
  const db = createDb(file);
  await db.user.create({ data: { username: "bench", role: "operator", passwordHash: await hashPasswordForBench("bench password 123") } });
  const cookies: string[] = [];
  const anon = createCaller(await createContext({ db, req: { ip: "127.0.0.1", userAgent: "bench", secure: false, sessionToken: null }, setCookie: (c) => cookies.push(c) }));
  await anon.auth.login({ username: "bench", password: "bench password 123" });
  const token = cookies[0]!.split(";")[0]!.split("=")[1]!;

  const preview = async (text: string) => {
    const body = JSON.stringify({ format: "ipvsadm", text });
    const res = await handleTrpcRequest(
      new Request("http://127.0.0.1/api/trpc/import.preview", {
        method: "POST",
        body,
        headers: { "content-type": "application/json", cookie: `shoal_session=${token}`, origin: "http://127.0.0.1", host: "127.0.0.1" },
      }),
      { db },
    );
    const answer = await res.text();
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${answer.slice(0, 300)}`);
    return answer;
  };

  const cases: [string, number][] = [
    ["100 services", 100],
    ["1,000 services", 1000],
    ["10,000 services", 10_000],
    ["10 MB file", servicesFor(10 * 1048576)],
  ];
  await preview(dump(50, 10)); // warm-up: JIT, first query plans
  const results: { name: string; ms: number }[] = [];
  for (const [name, n] of cases) {
    const text = dump(n, 10);
    const times: number[] = [];
    let answer = "";
    let peak = process.memoryUsage().rss;
    const before = process.memoryUsage().rss;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      answer = await preview(text);
      times.push(performance.now() - t);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    clearInterval(timer);
    const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
    const groups = JSON.parse(answer).result.data.json?.diagnostics ?? JSON.parse(answer).result.data.diagnostics;
    results.push({ name, ms: median });
    console.log(
      `${name.padEnd(16)} ${n.toLocaleString("en-US").padStart(7)} services, ${(text.length / 1048576).toFixed(1).padStart(5)} MB in: preview median ${median.toFixed(0).padStart(5)} ms (${runs} runs), answer ${(answer.length / 1024).toFixed(1)} KB, ${groups.total.toLocaleString("en-US")} diagnostics in ${groups.groups.length} group(s); console RSS ${mb(before)} -> peak ${mb(peak)}`,
    );
  }
  const big = results.at(-1)!;
  console.log(
    `target: a 10 MB import previews in under 2 s -> ${big.ms < 2000 ? "met" : "NOT met"} (${(big.ms / 1000).toFixed(2)} s; before the fix a 5 MB dump took 19 s: ${(19_000 / big.ms).toFixed(1)}x on twice the size)`,
  );
  await db.$disconnect();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
