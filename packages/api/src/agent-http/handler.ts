import { getDb, sha256, type Db } from "@shoal/db";
import type { Cluster } from "@shoal/core";
import { logger } from "../log.ts";
import { waitForApplied } from "../revisions/notify.ts";
import {
  AGENT_PROTOCOL,
  AGENT_PROTOCOL_MIN,
  AGENT_VERSION_HEADER,
  ConnectionAnswer,
  negotiateProtocol,
  parseWire,
  PROTOCOL_HEADER,
  PROTOCOL_MIN_HEADER,
  StatusReport,
  type RevisionMessageInput,
} from "@shoal/core";
import { getAgentRequests } from "./requests.ts";
import { eventsFromReport } from "../events/report.ts";

const PREFIX = "/api/agent/v1/";
const MAX_WAIT_S = 60;
const MAX_BODY = 4 * 1024 * 1024;

/** Every answer says which agent protocols this console speaks, so an agent can explain a refusal. */
const PROTOCOL_HEADERS = { [PROTOCOL_HEADER]: String(AGENT_PROTOCOL), [PROTOCOL_MIN_HEADER]: String(AGENT_PROTOCOL_MIN) };

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "no-store", ...PROTOCOL_HEADERS } });
}

function noContent(): Response {
  return new Response(null, { status: 204, headers: { "cache-control": "no-store", ...PROTOCOL_HEADERS } });
}

function problem(status: number, en: string, zh: string, extra: Record<string, unknown> = {}): Response {
  return json(status, { error: en, message: { en, zh }, ...extra });
}

async function authenticate(db: Db, req: Request) {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
  if (!m || m[1]!.length > 256) return null;
  return db.director.findUnique({ where: { tokenHash: sha256(m[1]!) }, select: { id: true, clusterId: true, name: true, data: true, lastSeenAt: true } });
}

async function currentRevision(db: Db, clusterId: string) {
  const c = await db.cluster.findUnique({ where: { id: clusterId }, select: { appliedRevision: true } });
  return c?.appliedRevision ?? null;
}

async function revisionBody(db: Db, director: { clusterId: string; name: string; data: string; id: string }, number: number): Promise<RevisionMessageInput> {
  const r = await db.revision.findUniqueOrThrow({ where: { clusterId_number: { clusterId: director.clusterId, number } } });
  return {
    protocol: AGENT_PROTOCOL,
    revision: r.number,
    createdAt: r.createdAt.toISOString(),
    message: r.message,
    cluster: JSON.parse(r.snapshot) as Cluster,
    director: { id: director.id, ...(JSON.parse(director.data) as Record<string, unknown>) },
  };
}

/**
 * The agent-facing API, for the console to mount at /api/agent/[...path]. A director's bearer
 * token is its whole identity: it sees its own cluster's applied revisions and reports its status.
 */
export interface AgentRequestOptions {
  db?: Db;
  /**
   * Live samples (issue 5) are another package's (@shoal/telemetry ingestRequest); the console
   * passes it here so this router authenticates every route the same way. Without it: 501.
   */
  samples?: (req: Request, who: { directorId: string; clusterId: string }) => Promise<Response>;
}

/** A director token -> its identity, or null (for handlers mounted outside this router). */
export async function authenticateDirector(token: string, db: Db = getDb()): Promise<{ directorId: string; clusterId: string } | null> {
  if (!token || token.length > 256) return null;
  const d = await db.director.findUnique({ where: { tokenHash: sha256(token) }, select: { id: true, clusterId: true } });
  return d ? { directorId: d.id, clusterId: d.clusterId } : null;
}

/** POST v1/requests/ID: the agent's answer, checked before it reaches the console user who asked. */
async function answerRequest(req: Request, directorId: string, id: string): Promise<Response> {
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY) return problem(413, "answer too large", "应答过大");
  let raw: unknown;
  try {
    raw = await req.json();
  } catch {
    return problem(400, "body is not JSON", "请求体不是 JSON");
  }
  const parsed = parseWire(ConnectionAnswer, raw, { en: "answer", zh: "应答" });
  if (!parsed.ok) return problem(400, parsed.problem.message.en, parsed.problem.message.zh, { issues: parsed.problem.issues });
  if (!getAgentRequests().answer(directorId, id, parsed.value)) return problem(404, "no such request (it expired or was answered)", "没有此请求（已过期或已应答）");
  return json(200, { ok: true });
}

export async function handleAgentRequest(req: Request, opts: AgentRequestOptions = {}): Promise<Response> {
  const db = opts.db ?? getDb();
  const url = new URL(req.url);
  if (!url.pathname.startsWith(PREFIX)) return problem(404, "no such agent endpoint", "没有此代理接口");
  const route = `${req.method} ${url.pathname.slice(PREFIX.length).replace(/\/$/, "")}`;
  const director = await authenticate(db, req);
  if (!director) {
    return new Response(JSON.stringify({ error: "missing or unknown director token", message: { en: "missing or unknown director token", zh: "缺少或未知的调度器令牌" } }), {
      status: 401,
      headers: { "content-type": "application/json", "www-authenticate": 'Bearer realm="shoal-agent"' },
    });
  }
  // An agent that does not speak this console's protocol is told so on every route, before it
  // is trusted with a revision it would misread.
  const negotiated = negotiateProtocol(req.headers.get(PROTOCOL_HEADER), req.headers.get(AGENT_VERSION_HEADER)?.slice(0, 64));
  if (!negotiated.ok) return problem(negotiated.status, negotiated.message.en, negotiated.message.zh, { protocol: { min: AGENT_PROTOCOL_MIN, max: AGENT_PROTOCOL } });
  // At most one write per director every 5 s: samples arrive every second from every director.
  if (!director.lastSeenAt || Date.now() - director.lastSeenAt.getTime() > 5_000) {
    await db.director.update({ where: { id: director.id }, data: { lastSeenAt: new Date() } });
  }

  const answerTo = /^POST requests\/([A-Za-z0-9-]{1,64})$/.exec(route);
  if (answerTo) return answerRequest(req, director.id, answerTo[1]!);

  switch (route) {
    case "GET requests": {
      // Console -> agent requests (the connection table): the agent long-polls, like revisions.
      const wait = url.searchParams.get("wait");
      const waitS = wait === null ? 0 : Number(wait);
      if (!Number.isFinite(waitS) || waitS < 0 || waitS > MAX_WAIT_S) return problem(400, `wait must be 0..${MAX_WAIT_S} seconds`, `wait 必须在 0..${MAX_WAIT_S} 秒之间`);
      const r = await getAgentRequests().next(director.id, waitS * 1000, req.signal);
      return r ? json(200, r) : noContent();
    }
    case "GET revision": {
      const after = url.searchParams.get("after");
      const wait = url.searchParams.get("wait");
      const afterN = after === null ? -1 : Number(after);
      const waitS = wait === null ? 0 : Number(wait);
      if (!Number.isInteger(afterN) || (after !== null && afterN < 0)) return problem(400, "after must be a revision number >= 0", "after 必须是 >= 0 的修订版号");
      if (!Number.isFinite(waitS) || waitS < 0 || waitS > MAX_WAIT_S) return problem(400, `wait must be 0..${MAX_WAIT_S} seconds`, `wait 必须在 0..${MAX_WAIT_S} 秒之间`);
      const deadline = Date.now() + waitS * 1000;
      for (;;) {
        const n = await currentRevision(db, director.clusterId);
        if (n !== null && n > afterN) return json(200, await revisionBody(db, director, n));
        const left = deadline - Date.now();
        if (left <= 0) return noContent();
        // Woken at once by an apply in this process; the 1 s cap also catches other processes.
        await waitForApplied(director.clusterId, Math.min(left, 1000), req.signal);
        if (req.signal.aborted) return noContent();
      }
    }
    case "POST status": {
      const length = Number(req.headers.get("content-length") ?? 0);
      if (length > MAX_BODY) return problem(413, "status report too large", "状态报告过大");
      let raw: unknown;
      try {
        raw = await req.json();
      } catch {
        return problem(400, "body is not JSON", "请求体不是 JSON");
      }
      const parsed = parseWire(StatusReport, raw, { en: "status report", zh: "状态报告" });
      if (!parsed.ok) return problem(400, parsed.problem.message.en, parsed.problem.message.zh, { issues: parsed.problem.issues });
      const s = parsed.value;
      // Before the row is overwritten: events are derived against the previous applied revision.
      await eventsFromReport(db, director, s);
      const lastError = s.errors.length
        ? s.errors
            .map((e) => `${e.operation}: ${e.message}`)
            .join("\n")
            .slice(0, 4000)
        : null;
      await db.director.update({
        where: { id: director.id },
        data: { appliedRevision: s.appliedRevision, agentVersion: s.agentVersion, status: JSON.stringify(s), lastError },
      });
      return json(200, { ok: true });
    }
    case "POST samples":
      if (opts.samples) return opts.samples(req, { directorId: director.id, clusterId: director.clusterId });
      return problem(501, "live samples are not accepted yet", "尚不接受实时采样数据");
    default:
      logger.debug({ route }, "unknown agent route");
      return problem(404, "no such agent endpoint", "没有此代理接口");
  }
}
