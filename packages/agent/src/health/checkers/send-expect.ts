import { connect } from "node:net";
import type { HealthCheck } from "@shoal/core";
import type { CheckResult, CheckTarget } from "./types.ts";

type SendExpectSpec = Extract<HealthCheck, { type: "send-expect" }>;

const MAX_READ = 64 * 1024;

/** Piranha writes send strings with C escapes ("GET / HTTP/1.0\r\n\r\n"); turn those into bytes. */
export function unescapeSend(s: string): string {
  return s.replace(/\\(\\|r|n|t|0|x[0-9A-Fa-f]{2})/g, (_m, c: string) => {
    if (c === "r") return "\r";
    if (c === "n") return "\n";
    if (c === "t") return "\t";
    if (c === "0") return "\0";
    if (c === "\\") return "\\";
    return String.fromCharCode(parseInt(c.slice(1), 16));
  });
}

/** Expectation as a test on what has been read so far. */
export function expectation(spec: Pick<SendExpectSpec, "expect" | "useRegex">): (text: string) => boolean {
  if (spec.useRegex) {
    const re = new RegExp(spec.expect);
    return (t) => re.test(t);
  }
  return (t) => t.includes(spec.expect);
}

/**
 * Piranha nanny's send/expect: connect, send the string (if any), read until the expected
 * string or regex shows up. Empty send = just read the banner (SMTP "220", FTP, ...).
 */
export function checkSendExpect(target: CheckTarget, spec: SendExpectSpec, signal?: AbortSignal): Promise<CheckResult> {
  return new Promise((resolve) => {
    let matches: (t: string) => boolean;
    try {
      matches = expectation(spec);
    } catch (e) {
      resolve({ ok: false, message: `bad expect regex: ${(e as Error).message}` });
      return;
    }
    let got = "";
    let done = false;
    const sock = connect({ host: target.address, port: target.port, signal });
    const finish = (r: CheckResult) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      sock.destroy();
      resolve(r);
    };
    const deadline = setTimeout(
      () => finish({ ok: false, message: `expected ${JSON.stringify(spec.expect)} not seen within ${spec.timeout} s (got ${JSON.stringify(got.slice(0, 80))})` }),
      spec.timeout * 1000,
    );
    sock.setEncoding("latin1");
    sock.once("connect", () => {
      if (spec.send) sock.write(unescapeSend(spec.send), "latin1");
    });
    sock.on("data", (chunk: string) => {
      if (got.length < MAX_READ) got += chunk;
      if (matches(got)) finish({ ok: true, message: "expected answer received" });
    });
    sock.once("end", () =>
      finish(
        matches(got)
          ? { ok: true, message: "expected answer received" }
          : { ok: false, message: `connection closed without ${JSON.stringify(spec.expect)} (got ${JSON.stringify(got.slice(0, 80))})` },
      ),
    );
    sock.once("error", (e: NodeJS.ErrnoException) => finish({ ok: false, message: `connect ${e.code ?? e.message}` }));
  });
}
