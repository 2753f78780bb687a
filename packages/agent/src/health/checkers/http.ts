import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { HealthCheck } from "@shoal/core";
import { formatHostPort, familyOf } from "@shoal/core";
import type { CheckResult, CheckTarget } from "./types.ts";

type HttpSpec = Extract<HealthCheck, { type: "http" | "https" }>;

/** Largest body read for the regex: real servers' health pages are small, a big one must not eat memory. */
const MAX_BODY = 1024 * 1024;

/**
 * HTTP(S) GET of spec.path on the real server itself (not through the VIP), with the Host header
 * of spec.host (keepalived virtualhost); healthy when the status is expected and the body
 * matches spec.bodyRegex. Certificates are not verified unless spec.verifyTls.
 */
export function checkHttp(target: CheckTarget, spec: HttpSpec, signal?: AbortSignal): Promise<CheckResult> {
  return new Promise((resolve) => {
    const tls = spec.type === "https";
    const host = spec.host ?? formatHostPort(target.address, target.port).replace(/:\d+$/, "");
    let regex: RegExp | undefined;
    try {
      regex = spec.bodyRegex ? new RegExp(spec.bodyRegex) : undefined;
    } catch (e) {
      resolve({ ok: false, message: `bad body regex: ${(e as Error).message}` });
      return;
    }
    const options = {
      host: target.address,
      family: familyOf(target.address) === "inet6" ? 6 : 4,
      port: target.port,
      method: "GET",
      path: spec.path,
      headers: { host, "user-agent": "shoal-agent health check", connection: "close" },
      timeout: spec.timeout * 1000,
      signal,
      agent: false as const,
      ...(tls
        ? {
            rejectUnauthorized: spec.type === "https" && spec.verifyTls,
            servername: spec.host && familyOf(spec.host) === undefined ? spec.host : undefined,
          }
        : {}),
    };
    let done = false;
    const finish = (r: CheckResult) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      req.destroy();
      resolve(r);
    };
    // The socket timeout is per idle period; the whole check gets one overall deadline too.
    const deadline = setTimeout(() => finish({ ok: false, message: `no complete answer within ${spec.timeout} s` }), spec.timeout * 1000);
    const req = (tls ? httpsRequest : httpRequest)(options, (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (!spec.expectStatus.includes(status)) {
        finish({ ok: false, message: `status ${status}, expected ${spec.expectStatus.join("/")}` });
        return;
      }
      if (!regex) {
        finish({ ok: true, message: `status ${status}` });
        return;
      }
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        if (body.length < MAX_BODY) body += chunk;
        if (regex.test(body)) finish({ ok: true, message: `status ${status}, body matches` });
      });
      res.on("end", () =>
        finish(regex.test(body) ? { ok: true, message: `status ${status}, body matches` } : { ok: false, message: `status ${status}, body does not match /${spec.bodyRegex}/` }),
      );
      res.on("error", (e) => finish({ ok: false, message: `reading body: ${e.message}` }));
    });
    req.on("timeout", () => finish({ ok: false, message: `no answer within ${spec.timeout} s` }));
    req.on("error", (e: NodeJS.ErrnoException) => finish({ ok: false, message: `${tls ? "https" : "http"} ${e.code ?? e.message}` }));
    req.end();
  });
}
