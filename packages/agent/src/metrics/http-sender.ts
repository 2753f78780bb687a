import { encodeSampleFrame, rawBatchToWire, SAMPLE_FRAME_TYPE, type RawSampleBatch } from "@shoal/core/metrics/index";
import type { SendOutcome } from "./batcher.ts";
import { nodeBase64 } from "./codec.ts";

export const SAMPLES_PATH = "/api/agent/v1/samples";

/**
 * The batcher's `send` over HTTP with the director token: the binary sample frame (a quarter
 * smaller than JSON, and the console reads it without decoding base64). A console from before
 * the frame answers it with 400 "invalid-json"; then this sender keeps to JSON for good.
 * 409 "layout-unknown" means the console lost our layouts (restart); any other non-2xx is an
 * error whose text the agent logs (a 400 explains which field of the batch was wrong).
 */
export function httpSampleSender(opts: { consoleUrl: string; token: string; fetch?: typeof fetch; timeoutMs?: number }) {
  const url = new URL(SAMPLES_PATH, opts.consoleUrl).toString();
  const doFetch = opts.fetch ?? fetch;
  let json = false;
  const post = (batch: RawSampleBatch) =>
    doFetch(url, {
      method: "POST",
      headers: { "content-type": json ? "application/json" : SAMPLE_FRAME_TYPE, authorization: `Bearer ${opts.token}` },
      body: json ? JSON.stringify(rawBatchToWire(batch, nodeBase64)) : encodeSampleFrame(batch),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
  return async (batch: RawSampleBatch): Promise<SendOutcome> => {
    let res = await post(batch);
    let text = await res.text();
    if (!json && res.status === 400 && text.includes('"invalid-json"')) {
      json = true;
      res = await post(batch);
      text = await res.text();
    }
    if (res.ok) return "ok";
    if (res.status === 409 && text.includes("layout-unknown")) return "layout-unknown";
    throw new Error(`POST ${url}: ${res.status} ${text.slice(0, 500)}`);
  };
}
