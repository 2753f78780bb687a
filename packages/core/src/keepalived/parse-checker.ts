/**
 * keepalived checkers (TCP_CHECK, HTTP_GET, SSL_GET, MISC_CHECK) -> Shoal health checks, with
 * the settings keepalived inherits virtual_server -> real_server -> checker and its defaults.
 */
import type { HealthCheckInput } from "../model/health-check.ts";
import { expandStatusCode, unbakeCommand } from "./checks.ts";
import type { KaContext } from "./parse-context.ts";
import type { Statement } from "./syntax.ts";

/** Checker settings inherited virtual_server -> real_server -> checker, as keepalived does. */
export interface Inherited {
  delayLoop?: number;
  connectTimeout?: number;
  retry?: number;
  inhibit?: boolean;
  host?: string;
}

/** keepalived's own defaults when nothing is written (keepalived.conf(5)). */
const KA_DELAY_LOOP = 60;
const KA_CONNECT_TIMEOUT = 5;

const CHECK_IGNORED = new Set([
  "connect_ip",
  "bindto",
  "bind_if",
  "bind_port",
  "fwmark",
  "alpha",
  "delay_before_retry",
  "warmup",
  "log_all_failures",
  "http_protocol",
  "fast_recovery",
  "enable_sni",
  "misc_dynamic",
  "user",
]);
export const UNSUPPORTED_CHECKERS = new Set(["SMTP_CHECK", "DNS_CHECK", "UDP_CHECK", "PING_CHECK", "FILE_CHECK", "BFD_CHECK"]);
export const CHECKERS = new Set(["TCP_CHECK", "HTTP_GET", "SSL_GET", "MISC_CHECK"]);

/** Reads the checker settings a virtual_server or real_server may carry; false when st is not one. */
export function timing(ctx: KaContext, st: Statement, into: Inherited): boolean {
  switch (st.keyword.text) {
    case "delay_loop": {
      const v = ctx.int(ctx.arg(st, 0, "seconds"), "delay_loop", 1, 86_400);
      if (v !== undefined) into.delayLoop = v;
      return true;
    }
    case "connect_timeout": {
      const v = ctx.int(ctx.arg(st, 0, "seconds"), "connect_timeout", 1, 3_600);
      if (v !== undefined) into.connectTimeout = v;
      return true;
    }
    case "retry":
    case "nb_get_retry": {
      const v = ctx.int(ctx.arg(st, 0, "a count"), st.keyword.text, 0, 99);
      if (v !== undefined) into.retry = v;
      return true;
    }
    case "inhibit_on_failure":
      into.inhibit = ctx.bool(st);
      return true;
    case "virtualhost": {
      const w = ctx.arg(st, 0, "a host name");
      if (w) into.host = w.text;
      return true;
    }
  }
  return false;
}

/** keepalived re-reads regex and misc_path with backslash escapes. */
function unescape(s: string): string {
  const map: Record<string, string> = { n: "\n", r: "\r", t: "\t", a: "\x07", b: "\b", f: "\f", v: "\v", E: "\x1b" };
  return s.replace(/\\(.)/g, (_m, c: string) => map[c] ?? c);
}

function restOfLine(st: Statement): string {
  return st.args.map((a) => a.text).join(" ");
}

export function parseChecker(ctx: KaContext, st: Statement, up: Inherited, rs: { address: string; port: number }): HealthCheckInput | undefined {
  const kind = st.keyword.text;
  const own: Inherited = {};
  let port: number | undefined;
  let path: string | undefined;
  let codes: number[] | undefined;
  let regex: string | undefined;
  let urlHost: string | undefined;
  let command: string | undefined;
  let miscTimeout: number | undefined;
  let urls = 0;
  for (const s of st.block ?? []) {
    if (timing(ctx, s, own)) continue;
    const k = s.keyword.text;
    if (k === "connect_port" && kind !== "MISC_CHECK") port = ctx.int(ctx.arg(s, 0, "a port"), "connect_port", 1, 65535);
    else if (k === "url" && (kind === "HTTP_GET" || kind === "SSL_GET")) {
      urls++;
      if (urls > 1) {
        ctx.warn(s, "extra-url", "only the first url { } of a checker is held by Shoal; this one is ignored", "Shoal 只保存检查器的第一个 url { }，此项已忽略");
        continue;
      }
      for (const u of s.block ?? []) {
        const uk = u.keyword.text;
        if (uk === "path") path = ctx.arg(u, 0, "a path")?.text;
        else if (uk === "status_code") {
          codes = [];
          for (const w of u.args) {
            const e = expandStatusCode(w.text);
            if (!e || e[0]! < 100 || e[e.length - 1]! > 599)
              ctx.error(w, "bad-status", `'${w.text}' is not an HTTP status code or range like 200-299`, `'${w.text}' 不是 HTTP 状态码或 200-299 这样的范围`);
            else codes.push(...e);
          }
          if (!u.args.length) ctx.arg(u, 0, "status codes");
        } else if (uk === "regex") {
          const w = ctx.arg(u, 0, "a regular expression");
          if (w) regex = w.quoted ? unescape(w.text) : unescape(restOfLine(u));
        } else if (uk === "virtualhost") urlHost = ctx.arg(u, 0, "a host name")?.text;
        else if (["digest", "regex_no_match", "regex_options", "regex_stack", "regex_min_offset", "regex_max_offset"].includes(uk)) ctx.ignored(u, "url");
        else ctx.unknown(u, "url");
      }
      if (path === undefined) ctx.error(s, "url-without-path", "url { } has no path", "url { } 中没有 path");
    } else if (k === "misc_path" && kind === "MISC_CHECK") {
      const w = ctx.arg(s, 0, "a program");
      if (w) command = unescape(w.quoted ? w.text : restOfLine(s));
    } else if (k === "misc_timeout" && kind === "MISC_CHECK") miscTimeout = ctx.int(ctx.arg(s, 0, "seconds"), "misc_timeout", 1, 3_600);
    else if (CHECK_IGNORED.has(k)) ctx.ignored(s, kind);
    else ctx.unknown(s, kind);
  }
  const interval = own.delayLoop ?? up.delayLoop ?? KA_DELAY_LOOP;
  const timeout = own.connectTimeout ?? up.connectTimeout ?? KA_CONNECT_TIMEOUT;
  const retry = own.retry ?? up.retry ?? (kind === "MISC_CHECK" ? 0 : 1);
  const common = { interval, rise: 1, fall: retry + 1, onFailure: (own.inhibit ?? up.inhibit) ? ("quiesce" as const) : ("remove" as const) };
  if (kind === "TCP_CHECK") {
    const c: HealthCheckInput = { type: "tcp", ...common, timeout };
    if (port !== undefined) c.port = port;
    return c;
  }
  if (kind === "HTTP_GET" || kind === "SSL_GET") {
    if (path === undefined) {
      if (urls === 0) ctx.error(st, "checker-without-url", `${kind} has no url { path ... }`, `${kind} 中没有 url { path ... }`);
      return undefined;
    }
    // keepalived's default when no status_code is given is any 2xx.
    const c: Extract<HealthCheckInput, { type: "http" }> | Extract<HealthCheckInput, { type: "https" }> = {
      type: kind === "HTTP_GET" ? "http" : "https",
      ...common,
      timeout,
      path,
      expectStatus: [...new Set(codes ?? expandStatusCode("200-299")!)].sort((a, b) => a - b),
    };
    if (port !== undefined) c.port = port;
    if (regex !== undefined) c.bodyRegex = regex;
    const host = urlHost ?? own.host ?? up.host;
    if (host !== undefined) c.host = host;
    if (c.type === "https") c.verifyTls = false;
    return c;
  }
  // MISC_CHECK: keepalived's misc_timeout defaults to the check interval.
  if (command === undefined) {
    ctx.error(st, "misc-without-path", "MISC_CHECK has no misc_path", "MISC_CHECK 中没有 misc_path");
    return undefined;
  }
  return { type: "external", ...common, timeout: miscTimeout ?? Math.min(interval, 3_600), command: unbakeCommand(command, rs.address, rs.port) };
}
