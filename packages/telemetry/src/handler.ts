import { parseSampleBatch, parseSampleFrame, SAMPLE_FRAME_TYPE, type AnySampleBatch, type Parsed, type WireIssue } from "@shoal/core/metrics/index";
import { getTelemetry, type DirectorIdentity, type Telemetry } from "./telemetry.ts";

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "no-store", ...headers } });
}

/** Same shape as the rest of the agent API's errors: English and Chinese, plus details. */
function problem(status: number, code: string, en: string, zh: string, extra: Record<string, unknown> = {}): Response {
  return json(status, { error: code, message: { en, zh }, ...extra });
}

function invalid(issues: WireIssue[]): Response {
  const first = issues[0]!;
  return problem(400, "invalid-batch", `invalid sample batch: ${first.path}: ${first.message}`, `采样批次无效：${first.path}：${first.message}`, { issues });
}

/**
 * POST /api/agent/v1/samples for an already authenticated director (the agent API's router
 * authenticates every route the same way). The body is the binary frame (content type
 * SAMPLE_FRAME_TYPE, what the agent sends) or the same batch as JSON. Answers 200 with what was
 * stored, 400 with every problem located, 409 `layout-unknown` when the agent must resend
 * layouts, 413 when too big.
 */
export async function ingestRequest(req: Request, who: DirectorIdentity, telemetry: Telemetry = getTelemetry()): Promise<Response> {
  if (req.method !== "POST") return problem(405, "method-not-allowed", "use POST", "请使用 POST", {});
  const max = telemetry.config.maxBodyBytes;
  if (Number(req.headers.get("content-length") ?? 0) > max) return problem(413, "too-large", `sample batch larger than ${max} bytes`, `采样批次超过 ${max} 字节`);
  const receivedAt = Date.now();
  const bytes = Buffer.from(await req.arrayBuffer());
  if (bytes.length > max) return problem(413, "too-large", `sample batch larger than ${max} bytes`, `采样批次超过 ${max} 字节`);
  let parsed: Parsed<AnySampleBatch>;
  if ((req.headers.get("content-type") ?? "").split(";")[0]!.trim() === SAMPLE_FRAME_TYPE) {
    parsed = parseSampleFrame(bytes);
  } else {
    let body: unknown;
    try {
      body = JSON.parse(bytes.toString("utf8"));
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return problem(400, "invalid-json", `body is not JSON: ${why}`, `请求体不是 JSON：${why}`);
    }
    parsed = parseSampleBatch(body);
  }
  if (!parsed.ok) {
    telemetry.stats.rejected++;
    return invalid(parsed.errors);
  }
  const r = telemetry.ingest(who, parsed.value, receivedAt);
  if (!r.ok && r.status === 400) return invalid(r.issues);
  if (!r.ok) {
    return problem(409, "layout-unknown", `unknown layout ${r.unknownLayouts.join(", ")}: resend layouts`, `未知布局 ${r.unknownLayouts.join(", ")}：请重新发送布局`, {
      layouts: r.unknownLayouts,
    });
  }
  return json(200, { stored: r.stored, duplicates: r.duplicates, skewMs: r.skewMs });
}

/**
 * The same, authenticating the director token itself, for a console that mounts this endpoint
 * on its own. `authenticateDirector` maps a bearer token to its director, or null.
 */
export async function handleSamples(
  req: Request,
  authenticateDirector: (token: string) => Promise<DirectorIdentity | null>,
  telemetry: Telemetry = getTelemetry(),
): Promise<Response> {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
  const who = m && m[1]!.length <= 256 ? await authenticateDirector(m[1]!) : null;
  if (!who) {
    return new Response(JSON.stringify({ error: "unauthorized", message: { en: "missing or unknown director token", zh: "缺少或未知的调度器令牌" } }), {
      status: 401,
      headers: { "content-type": "application/json", "www-authenticate": 'Bearer realm="shoal-agent"' },
    });
  }
  return ingestRequest(req, who, telemetry);
}
