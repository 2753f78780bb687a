import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { computeSample, LayoutTracker, parseSampleBatch, parseSampleFrame, SAMPLE_FRAME_TYPE, toRawSample, type RawSampleBatch } from "@shoal/core/metrics/index";
import { httpSampleSender } from "../../src/metrics/http-sender.ts";
import { steadyReading } from "./fixtures.ts";

let close: (() => void) | null = null;
afterEach(() => close?.());

interface Seen {
  auth?: string;
  type?: string;
  body: Buffer;
}

/** A console stand-in: answers each POST with `answer(seen)` after recording it. */
async function serve(answer: (req: Seen) => [number, string], seen: Seen[]) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r: Seen = { auth: req.headers.authorization, type: req.headers["content-type"], body: Buffer.concat(chunks) };
      seen.push(r);
      const [status, body] = answer(r);
      res.writeHead(status, { "content-type": "application/json" }).end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  close = () => server.close();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const fixed = (status: number, body: string) => () => [status, body] as [number, string];

function oneSample(): RawSampleBatch {
  const a = computeSample(null, { wallMs: 1_700_000_000_000, monoMs: 0, reading: steadyReading(0, { services: 2 }) });
  const b = computeSample(a, { wallMs: 1_700_000_001_000, monoMs: 1000, reading: steadyReading(1, { services: 2 }) });
  const { layout } = new LayoutTracker("t").layoutOf(b);
  return { v: 1, seq: 3, layouts: [layout], samples: [toRawSample(b, layout)], health: [] };
}

describe("httpSampleSender", () => {
  const batch = { v: 1 as const, seq: 0, layouts: [], samples: [], health: [] };
  it("POSTs the binary frame with the director token", async () => {
    const seen: Seen[] = [];
    const send = httpSampleSender({ consoleUrl: await serve(fixed(200, "{}"), seen), token: "dt_abc" });
    const b = oneSample();
    expect(await send(b)).toBe("ok");
    expect(seen[0]!.auth).toBe("Bearer dt_abc");
    expect(seen[0]!.type).toBe(SAMPLE_FRAME_TYPE);
    const got = parseSampleFrame(new Uint8Array(seen[0]!.body));
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    expect(got.value.seq).toBe(3);
    expect(got.value.layouts).toEqual(b.layouts);
    expect(Buffer.from(got.value.samples[0]!.dst)).toEqual(Buffer.from(b.samples[0]!.dst));
  });
  it("falls back to JSON for good when the console does not read frames (answers invalid-json)", async () => {
    const seen: Seen[] = [];
    const oldConsole = (r: Seen): [number, string] => {
      try {
        JSON.parse(r.body.toString("utf8"));
        return [200, "{}"];
      } catch {
        return [400, '{"error":"invalid-json"}'];
      }
    };
    const send = httpSampleSender({ consoleUrl: await serve(oldConsole, seen), token: "t" });
    expect(await send(oneSample())).toBe("ok");
    expect(await send(oneSample())).toBe("ok");
    expect(seen.map((s) => s.type)).toEqual([SAMPLE_FRAME_TYPE, "application/json", "application/json"]);
    const p = parseSampleBatch(JSON.parse(seen[1]!.body.toString("utf8")));
    expect(p.ok).toBe(true);
    if (p.ok) expect(p.value.samples[0]!.dst).toBe(Buffer.from(oneSample().samples[0]!.dst).toString("base64"));
  });
  it("maps 409 layout-unknown and raises other failures with the console's explanation", async () => {
    expect(await httpSampleSender({ consoleUrl: await serve(fixed(409, '{"error":"layout-unknown"}'), []), token: "t" })(batch)).toBe("layout-unknown");
    close?.();
    await expect(httpSampleSender({ consoleUrl: await serve(fixed(400, '{"error":"samples.0.t: bad"}'), []), token: "t" })(batch)).rejects.toThrow(/400 .*samples\.0\.t: bad/);
  });
});
