import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseSampleFrame } from "@shoal/core/metrics/index";
import { AgentConfig } from "../../src/config/config.ts";
import { startDirectorMonitoring } from "../../src/daemon/monitoring.ts";
import type { IpvsKernel, IpvsSnapshot } from "../../src/kernel/types.ts";
import { createLogger } from "../../src/log.ts";
import type { Monitor } from "../../src/metrics/monitor.ts";

const rates = { cps: 0, inPps: 0, outPps: 0, inBps: 0, outBps: 0 };
let monitor: Monitor | undefined;
let close: (() => void) | undefined;
afterEach(async () => {
  await monitor?.stop();
  close?.();
});

/** The snapshot a netlink dump gives for one NAT service whose connection count grows each read. */
function snapshot(n: number): IpvsSnapshot {
  const c = { conns: 10 * n, inPkts: 70 * n, outPkts: 50 * n, inBytes: 4000 * n, outBytes: 9000 * n };
  return {
    state: {
      services: [
        {
          protocol: "tcp",
          family: "inet",
          address: "10.0.1.100",
          port: 80,
          scheduler: "rr",
          schedFlags: [],
          onePacket: false,
          dests: [{ address: "10.0.2.11", port: 80, forwarding: "masq", weight: 1, upperThreshold: 0, lowerThreshold: 0 }],
        },
      ],
    },
    stats: [
      { key: "tcp 10.0.1.100:80", counters: c, rates, dests: [{ address: "10.0.2.11", port: 80, activeConns: 2, inactiveConns: 1, persistentConns: 0, counters: c, rates }] },
    ],
  };
}

describe("director live counters", () => {
  it("are off when sampleSeconds is 0", async () => {
    const cfg = AgentConfig.parse({ sampleSeconds: 0 });
    expect(await startDirectorMonitoring(cfg, {} as IpvsKernel, createLogger("fatal"))).toBeUndefined();
  });

  it("hold their samples while the reconcile writes the kernel", async () => {
    const cfg = AgentConfig.parse({ sampleSeconds: 0.01, metricsAddress: "127.0.0.1:0" });
    let reads = 0;
    let writing = true;
    const ipvs = { readWithStats: async () => snapshot(++reads) } as unknown as IpvsKernel;
    monitor = await startDirectorMonitoring(cfg, ipvs, createLogger("fatal"), () => writing);
    await new Promise((r) => setTimeout(r, 60));
    expect(reads).toBe(0);
    writing = false;
    while (reads < 1) await new Promise((r) => setTimeout(r, 5));
  });

  it("sample the kernel interface and reach the console with the director token, and /metrics", async () => {
    const bodies: Uint8Array[] = [];
    const auth: (string | undefined)[] = [];
    const consoleServer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        auth.push(req.headers.authorization);
        bodies.push(new Uint8Array(Buffer.concat(chunks)));
        res.writeHead(200).end("{}");
      });
    });
    await new Promise<void>((r) => consoleServer.listen(0, "127.0.0.1", r));
    close = () => consoleServer.close();
    const dir = mkdtempSync(join(tmpdir(), "shoal-agent-mon-"));
    const tokenFile = join(dir, "token");
    writeFileSync(tokenFile, "dt_secret\n", { mode: 0o600 });
    const cfg = AgentConfig.parse({
      consoleUrl: `http://127.0.0.1:${(consoleServer.address() as AddressInfo).port}`,
      tokenFile,
      sampleSeconds: 0.2,
      metricsAddress: "127.0.0.1:0",
    });
    let n = 1;
    const ipvs = { readWithStats: async () => snapshot(n++) } as unknown as IpvsKernel;
    monitor = await startDirectorMonitoring(cfg, ipvs, createLogger("fatal"));
    expect(monitor).toBeDefined();
    while (bodies.length < 2) await new Promise((r) => setTimeout(r, 20));
    expect(auth.every((a) => a === "Bearer dt_secret")).toBe(true);
    const parsed = parseSampleFrame(bodies[0]!);
    expect(parsed.ok).toBe(true);
    const text = await (await fetch(monitor!.metrics!.url)).text();
    expect(text).toMatch(/^node_ipvs_backend_connections_active\{[^}]*remote_address="10\.0\.2\.11"[^}]*\} 2$/m);
  });
});

describe("director live counters, incremental", () => {
  it("use the one service dump and real-server dumps when the kernel has them, and serve /metrics from them", async () => {
    let n = 1;
    const dumped: number[] = [];
    const parts = { protocol: "tcp" as const, family: "inet" as const, address: "10.0.1.100", port: 80 };
    const c = () => ({ conns: 10 * n, inPkts: 70 * n, outPkts: 50 * n, inBytes: 4000 * n, outBytes: 9000 * n });
    const ipvs = {
      readWithStats: async () => {
        throw new Error("a full read was not expected");
      },
      readServiceCounters: async () => [{ key: "tcp 10.0.1.100:80", service: parts, counters: c() }],
      readDestCounters: async (s: unknown[]) => {
        dumped.push(s.length);
        n++;
        return s.map(() => [{ address: "10.0.2.11", port: 80, weight: 3, activeConns: 4, inactiveConns: 1, counters: c() }]);
      },
    } as unknown as IpvsKernel;
    const cfg = AgentConfig.parse({ sampleSeconds: 0.05, metricsAddress: "127.0.0.1:0" });
    monitor = await startDirectorMonitoring(cfg, ipvs, createLogger("fatal"));
    while (dumped.length < 2) await new Promise((r) => setTimeout(r, 20));
    const text = await (await fetch(monitor!.metrics!.url)).text();
    expect(text).toMatch(/^node_ipvs_backend_weight\{[^}]*remote_address="10\.0\.2\.11"[^}]*\} 3$/m);
    expect(text).toMatch(/^node_ipvs_backend_connections_active\{[^}]*\} 4$/m);
  });
});

describe("director live counters, port taken", () => {
  it("do not stop the agent when /metrics cannot listen", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const cfg = AgentConfig.parse({ sampleSeconds: 1, metricsAddress: `127.0.0.1:${port}` });
      const ipvs = { readWithStats: async () => snapshot(1) } as unknown as IpvsKernel;
      expect(await startDirectorMonitoring(cfg, ipvs, createLogger("fatal"))).toBeUndefined();
    } finally {
      blocker.close();
    }
  });
});
