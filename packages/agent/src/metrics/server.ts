import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

export const DEFAULT_METRICS_ADDRESS = "127.0.0.1:9105";

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/** "127.0.0.1:9105", "[::1]:9105", ":9105" (all interfaces). */
export function parseListenAddress(text: string): { host: string | undefined; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text);
  if (!m) throw new Error(`metrics address must be HOST:PORT, got ${JSON.stringify(text)}`);
  const port = Number(m[3]);
  if (port > 65535) throw new Error(`metrics port out of range: ${port}`);
  return { host: m[1] ?? (m[2] || undefined), port };
}

/**
 * The agent's Prometheus endpoint. Loopback by default: metrics reveal the whole topology, so
 * exposing them further is the operator's explicit choice.
 */
export function startMetricsServer(registry: Registry, address = DEFAULT_METRICS_ADDRESS): Promise<MetricsServer> {
  const { host, port } = parseListenAddress(address);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" || path !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("only GET /metrics here\n");
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
      (e: unknown) => res.writeHead(500, { "content-type": "text/plain" }).end(`${String(e)}\n`),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const a = server.address() as AddressInfo;
      const h = a.family === "IPv6" ? `[${a.address}]` : a.address;
      resolve({
        url: `http://${h}:${a.port}/metrics`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}
