import type { SampleBatch } from "@shoal/core/metrics/index";
import type { SendOutcome } from "./batcher.ts";

export const SAMPLES_PATH = "/api/agent/v1/samples";

/**
 * The batcher's `send` over HTTP: POST JSON with the director token. 409 with code
 * "layout-unknown" means the console lost our layouts (restart); any other non-2xx is an error
 * whose text the agent logs (a 400 explains which field of the batch was wrong).
 */
export function httpSampleSender(opts: { consoleUrl: string; token: string; fetch?: typeof fetch; timeoutMs?: number }) {
  const url = new URL(SAMPLES_PATH, opts.consoleUrl).toString();
  const doFetch = opts.fetch ?? fetch;
  return async (batch: SampleBatch): Promise<SendOutcome> => {
    const res = await doFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${opts.token}` },
      body: JSON.stringify(batch),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    if (res.ok) return "ok";
    if (res.status === 409 && text.includes("layout-unknown")) return "layout-unknown";
    throw new Error(`POST ${url}: ${res.status} ${text.slice(0, 500)}`);
  };
}
