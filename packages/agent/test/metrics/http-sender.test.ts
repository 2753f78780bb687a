import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { httpSampleSender } from "../../src/metrics/http-sender.ts";

let close: (() => void) | null = null;
afterEach(() => close?.());

async function serve(status: number, body: string, seen: { auth?: string; body?: string }[]) {
  const server = createServer((req, res) => {
    let b = "";
    req.on("data", (c) => (b += c));
    req.on("end", () => {
      seen.push({ auth: req.headers.authorization, body: b });
      res.writeHead(status, { "content-type": "application/json" }).end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  close = () => server.close();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("httpSampleSender", () => {
  const batch = { v: 1 as const, seq: 0, layouts: [], samples: [], health: [] };
  it("POSTs JSON with the director token", async () => {
    const seen: { auth?: string; body?: string }[] = [];
    const send = httpSampleSender({ consoleUrl: await serve(202, "{}", seen), token: "dt_abc" });
    expect(await send(batch)).toBe("ok");
    expect(seen[0]!.auth).toBe("Bearer dt_abc");
    expect(JSON.parse(seen[0]!.body!)).toEqual(batch);
  });
  it("maps 409 layout-unknown and raises other failures with the console's explanation", async () => {
    expect(await httpSampleSender({ consoleUrl: await serve(409, '{"error":"layout-unknown"}', []), token: "t" })(batch)).toBe("layout-unknown");
    close?.();
    await expect(httpSampleSender({ consoleUrl: await serve(400, '{"error":"samples.0.t: bad"}', []), token: "t" })(batch)).rejects.toThrow(/400 .*samples\.0\.t: bad/);
  });
});
