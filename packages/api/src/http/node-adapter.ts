import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";

/**
 * Serves a fetch-style handler (handleAgentRequest, handleExportRequest, handleTrpcRequest) from a
 * plain node:http server: for tests and for running the agent API without Next.
 */
export function nodeHandler(handle: (req: Request) => Promise<Response>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    try {
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (Array.isArray(v)) for (const x of v) headers.append(k, x);
        else if (v !== undefined) headers.set(k, v);
      }
      headers.append("x-forwarded-for", req.socket.remoteAddress ?? "");
      const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, {
        method: req.method,
        headers,
        body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
        signal: controller.signal,
        // @ts-expect-error Node's fetch needs this for a streamed request body
        duplex: "half",
      });
      const response = await handle(request);
      res.statusCode = response.status;
      response.headers.forEach((v, k) => res.setHeader(k, v));
      if (response.body) {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
      }
      res.end();
    } catch {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    }
  };
}
