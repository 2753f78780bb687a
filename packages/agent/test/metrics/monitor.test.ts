import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { decodeSample, parseSampleFrame, type RawSampleBatch } from "@shoal/core/metrics/index";
import { startMonitoring, type Monitor } from "../../src/metrics/monitor.ts";
import { httpSampleSender } from "../../src/metrics/http-sender.ts";
import { nodeBase64 } from "../../src/metrics/codec.ts";
import { steadyReading } from "./fixtures.ts";

let monitor: Monitor | null = null;
let closeConsole: (() => void) | null = null;
afterEach(async () => {
  await monitor?.stop();
  closeConsole?.();
  monitor = null;
});

describe("startMonitoring", () => {
  it("samples, serves /metrics and POSTs batches to a console over real HTTP", async () => {
    const batches: RawSampleBatch[] = [];
    const console = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const p = parseSampleFrame(new Uint8Array(Buffer.concat(chunks)));
        if (p.ok && req.headers.authorization === "Bearer dt_x") batches.push(p.value);
        res.writeHead(p.ok ? 200 : 400).end("{}");
      });
    });
    await new Promise<void>((r) => console.listen(0, "127.0.0.1", r));
    closeConsole = () => console.close();
    let tick = 0;
    monitor = await startMonitoring({
      read: async () => steadyReading(tick++),
      readTotals: async () => ({ conns: 5n, inPkts: 6n, outPkts: 7n, inBytes: 8n, outBytes: 2n ** 62n }),
      send: httpSampleSender({ consoleUrl: `http://127.0.0.1:${(console.address() as AddressInfo).port}`, token: "dt_x" }),
      metricsAddress: "127.0.0.1:0",
      intervalMs: 20,
    });
    while (batches.reduce((n, b) => n + b.samples.length, 0) < 3) await new Promise((r) => setTimeout(r, 20));
    const text = await (await fetch(monitor.metrics!.url)).text();
    expect(text).toMatch(/^node_ipvs_outgoing_bytes_total 4611686018427388000$/m);
    expect(text).toMatch(/^node_ipvs_backend_connections_active\{/m);
    const layout = batches[0]!.layouts[0]!;
    expect(layout.svc).toEqual(["tcp 10.0.0.1:80", "udp [2001:db8::1]:53"]);
    const last = batches.at(-1)!.samples.at(-1)!;
    const d = decodeSample(last, layout, nodeBase64);
    expect(d.ok).toBe(true);
    if (d.ok) expect(d.value.svc[0]).toBe(11); // active: 5 + 6 over two real servers
    expect(last.totals!.outBytes).toBe((2n ** 62n).toString());
  });
});
