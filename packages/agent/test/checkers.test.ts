import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer as createTcpServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HealthCheck } from "@shoal/core";
import { runCheck } from "../src/health/checkers/index.ts";
import { substitute } from "../src/health/checkers/external.ts";
import { unescapeSend } from "../src/health/checkers/send-expect.ts";

// Real sockets on loopback: the checkers are exercised against real servers, not stubs.
let http: Server;
let httpPort = 0;
let seenHost = "";
const banner = createTcpServer((s) => s.end("220 mail ready\r\n"));
const echo = createTcpServer((s) => s.on("data", (d) => s.end(`you said ${d.toString()}`)));
let bannerPort = 0;
let echoPort = 0;
let closedPort = 0;

beforeAll(async () => {
  http = createHttpServer((req, res) => {
    seenHost = req.headers.host ?? "";
    if (req.url === "/down") return res.writeHead(503).end("maintenance");
    res.writeHead(200, { "content-type": "text/plain" }).end("status: OK build 42");
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  httpPort = (http.address() as AddressInfo).port;
  await new Promise<void>((r) => banner.listen(0, "127.0.0.1", r));
  bannerPort = (banner.address() as AddressInfo).port;
  await new Promise<void>((r) => echo.listen(0, "127.0.0.1", r));
  echoPort = (echo.address() as AddressInfo).port;
  const tmp = createTcpServer();
  await new Promise<void>((r) => tmp.listen(0, "127.0.0.1", r));
  closedPort = (tmp.address() as AddressInfo).port;
  await new Promise((r) => tmp.close(r));
});
afterAll(() => {
  http.close();
  banner.close();
  echo.close();
});

const spec = (s: unknown) => HealthCheck.parse(s);
const at = (port: number) => ({ address: "127.0.0.1", port });

describe("tcp check", () => {
  it("is healthy when the port accepts", async () => {
    expect((await runCheck(spec({ type: "tcp" }), at(httpPort))).ok).toBe(true);
  });
  it("fails with the system's reason when refused", async () => {
    const r = await runCheck(spec({ type: "tcp" }), at(closedPort));
    expect(r).toEqual({ ok: false, message: "connect ECONNREFUSED" });
  });
});

describe("http check", () => {
  it("accepts an expected status and sends the Host header", async () => {
    const r = await runCheck(spec({ type: "http", path: "/", host: "www.example.com" }), at(httpPort));
    expect(r.ok).toBe(true);
    expect(seenHost).toBe("www.example.com");
  });
  it("fails on an unexpected status, saying which", async () => {
    const r = await runCheck(spec({ type: "http", path: "/down" }), at(httpPort));
    expect(r).toEqual({ ok: false, message: "status 503, expected 200" });
  });
  it("accepts a listed non-200 status", async () => {
    expect((await runCheck(spec({ type: "http", path: "/down", expectStatus: [200, 503] }), at(httpPort))).ok).toBe(true);
  });
  it("checks the body against a regex", async () => {
    expect((await runCheck(spec({ type: "http", bodyRegex: "build \\d+" }), at(httpPort))).ok).toBe(true);
    const r = await runCheck(spec({ type: "http", bodyRegex: "^healthy$" }), at(httpPort));
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/does not match/);
  });
  it("fails on a refused connection", async () => {
    expect((await runCheck(spec({ type: "http" }), at(closedPort))).message).toBe("http ECONNREFUSED");
  });
});

describe("send/expect check", () => {
  it("reads a banner when nothing is sent", async () => {
    expect((await runCheck(spec({ type: "send-expect", expect: "220 " }), at(bannerPort))).ok).toBe(true);
  });
  it("sends with C escapes and matches a regex", async () => {
    const r = await runCheck(spec({ type: "send-expect", send: "PING\\r\\n", expect: "you said PING\\r", useRegex: true }), at(echoPort));
    expect(r.ok).toBe(true);
  });
  it("fails when the answer lacks the expected string", async () => {
    const r = await runCheck(spec({ type: "send-expect", send: "x", expect: "PONG" }), at(echoPort));
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/PONG/);
  });
  it("unescapes \\r \\n \\t \\\\ and \\xNN", () => {
    expect(unescapeSend("a\\r\\n\\t\\\\\\x41")).toBe("a\r\n\t\\A");
  });
});

describe("external check", () => {
  it("substitutes %h and %p", () => {
    expect(substitute("check %h:%p 100%%", { address: "10.0.2.11", port: 80 })).toBe("check 10.0.2.11:80 100%");
  });
  it("exit 0 is healthy, anything else is not and says why", async () => {
    expect((await runCheck(spec({ type: "external", command: 'test "%h" = 127.0.0.1 && test %p = 81' }), at(81))).ok).toBe(true);
    const r = await runCheck(spec({ type: "external", command: "echo broken >&2; exit 3" }), at(81));
    expect(r).toEqual({ ok: false, message: "exit 3: broken" });
  });
  it("kills a program that outlives its timeout", async () => {
    const r = await runCheck(spec({ type: "external", command: "sleep 30", timeout: 1 }), at(81));
    expect(r).toEqual({ ok: false, message: "no exit within 1 s (killed)" });
  });
});

describe("https check", () => {
  // A real server with an internal, self-signed certificate (fixture made with openssl req -x509).
  const dir = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
  const tlsServer = createHttpsServer({ key: readFileSync(join(dir, "rs-key.pem")), cert: readFileSync(join(dir, "rs-cert.pem")) }, (_req, res) =>
    res.writeHead(200).end("tls ok"),
  );
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((r) => tlsServer.listen(0, "127.0.0.1", r));
    port = (tlsServer.address() as AddressInfo).port;
  });
  afterAll(() => tlsServer.close());

  it("accepts an internal certificate when verification is off (the default)", async () => {
    expect(await runCheck(spec({ type: "https", bodyRegex: "tls ok", host: "rs.internal" }), at(port))).toEqual({ ok: true, message: "status 200, body matches" });
  });
  it("fails on an untrusted certificate when verifyTls is on, saying why", async () => {
    const r = await runCheck(spec({ type: "https", verifyTls: true, host: "rs.internal" }), at(port));
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^https (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT)/);
  });
});
