/**
 * How Shoal's health checks meet keepalived's checkers. keepalived hangs checkers on each
 * real_server, Shoal on the virtual service (with per-real-server overrides), so both the
 * renderer and the parser go through "effective check per real server" and back.
 */
import type { HealthCheck } from "../model/health-check.ts";
import type { RealServer } from "../model/real-server.ts";

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * keepalived runs MISC_CHECK programs without expanding anything, so Shoal's %h / %p are baked
 * in per real server when rendering.
 */
export function bakeCommand(command: string, address: string, port: number): string {
  return command.replace(/%h/g, address).replace(/%p/g, String(port));
}

/** The reverse of bakeCommand: whole-word occurrences of the real server's address and port
 * become %h / %p again, so one command shared by a virtual service reads back as one. */
export function unbakeCommand(command: string, address: string, port: number): string {
  let out = command.replace(new RegExp(`(?<![\\w.:%])${escapeRegExp(address)}(?![\\w.:])`, "g"), "%h");
  if (port > 0) out = out.replace(new RegExp(`(?<![\\w.:%])${port}(?![\\w.])`, "g"), "%p");
  return out;
}

/** [200, 201, 202, 301] -> "200-202 301" (keepalived's status_code syntax). */
export function formatStatusCodes(codes: readonly number[]): string {
  const sorted = [...new Set(codes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return parts.join(" ");
}

/** "200-299" -> [200..299]; undefined when not a code or range. */
export function expandStatusCode(text: string): number[] | undefined {
  const m = /^(\d{3})(?:-(\d{3}))?$/.exec(text);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] !== undefined ? Number(m[2]) : from;
  if (to < from) return undefined;
  const out: number[] = [];
  for (let c = from; c <= to; c++) out.push(c);
  return out;
}

export function effectiveCheck(vsCheck: HealthCheck, rs: RealServer): HealthCheck {
  return rs.healthCheck ?? vsCheck;
}

function sameCheck(a: HealthCheck, b: HealthCheck): boolean {
  return JSON.stringify(canonicalOrder(a)) === JSON.stringify(canonicalOrder(b));
}

function canonicalOrder(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonicalOrder);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v)
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => [k, canonicalOrder((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/**
 * Given each real server's effective check, the virtual service's check and the overrides as
 * Shoal would store them: one shared check when all agree, otherwise the first real server's
 * check on the service and an override on every real server that differs from it.
 */
export function splitChecks(effective: HealthCheck[]): { service: HealthCheck; perServer: (HealthCheck | undefined)[] } {
  const first = effective[0];
  if (!first) return { service: { type: "none" }, perServer: [] };
  return { service: first, perServer: effective.map((c) => (sameCheck(c, first) ? undefined : c)) };
}
