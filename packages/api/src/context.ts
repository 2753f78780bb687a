import { getDb, type Db } from "@shoal/db";
import type { AuditRecord } from "./audit.ts";
import { readCookie, resolveSession, type ResolvedSession } from "./auth/session.ts";

export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
  /** Served over https: session cookies get the Secure flag. */
  secure: boolean;
  sessionToken: string | null;
}

export interface Context {
  db: Db;
  req: RequestInfo;
  session: ResolvedSession | null;
  /** Adds a Set-Cookie header to the response (login, logout, setup). */
  setCookie(value: string): void;
  /** What a mutation changed; the audit middleware writes it with the procedure's path. */
  audit: Partial<AuditRecord>[];
}

export async function createContext(opts: { db: Db; req: RequestInfo; setCookie?: (value: string) => void }): Promise<Context> {
  return {
    db: opts.db,
    req: opts.req,
    session: await resolveSession(opts.db, opts.req.sessionToken),
    setCookie: opts.setCookie ?? (() => {}),
    audit: [],
  };
}

/**
 * The client's address. Behind the console's own Node server the last X-Forwarded-For hop is the
 * one that server appended from the socket; earlier hops are whatever the client claimed.
 */
export function clientIp(headers: Headers): string | null {
  const xff = headers.get("x-forwarded-for");
  const last = xff
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .pop();
  return last ?? headers.get("x-real-ip") ?? null;
}

export function requestInfo(req: Request): RequestInfo {
  const proto = req.headers.get("x-forwarded-proto") ?? new URL(req.url).protocol.replace(":", "");
  return {
    ip: clientIp(req.headers),
    userAgent: req.headers.get("user-agent"),
    secure: proto === "https",
    sessionToken: readCookie(req.headers.get("cookie")),
  };
}

/** For the Next route handler: `fetchRequestHandler({ createContext: createTRPCContext, ... })`. */
export function createTRPCContext(opts: { req: Request; resHeaders: Headers }, db: Db = getDb()): Promise<Context> {
  return createContext({ db, req: requestInfo(opts.req), setCookie: (v) => opts.resHeaders.append("set-cookie", v) });
}
