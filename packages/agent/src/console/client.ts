import { AGENT_PROTOCOL, AGENT_VERSION_HEADER, PROTOCOL_HEADER, PROTOCOL_MIN_HEADER } from "@shoal/core";
import { parseRevisionMessage, type RevisionMessage, type StatusReport } from "./protocol.ts";

/**
 * A console answer the agent cannot use; `retry` false means retrying soon will not help (a
 * refused token, a console that does not speak this agent's protocol).
 */
export class ConsoleError extends Error {
  override name = "ConsoleError";
  constructor(
    message: string,
    readonly status?: number,
    readonly retry = true,
  ) {
    super(message);
  }
}

export interface ConsoleClientOptions {
  fetch?: typeof fetch;
  userAgent?: string;
  /** Sent with the protocol version on every call, so a console that refuses can say which agent. */
  agentVersion?: string;
}

/**
 * HTTP(S) client of the console's agent API. The token only ever goes into the Authorization
 * header; it is not part of any message or error text this class produces.
 */
export class ConsoleClient {
  private readonly fetch: typeof fetch;
  private readonly base: string;
  private readonly userAgent: string;
  private readonly agentVersion: string | undefined;

  constructor(
    baseUrl: string,
    private readonly token: string,
    opts: ConsoleClientOptions = {},
  ) {
    this.base = baseUrl.replace(/\/+$/, "");
    this.fetch = opts.fetch ?? globalThis.fetch;
    this.userAgent = opts.userAgent ?? "shoal-agent";
    this.agentVersion = opts.agentVersion;
  }

  /**
   * Long-poll for a revision newer than `after`. Resolves undefined when the console's wait
   * ended with nothing new (204).
   */
  async waitRevision(after: number | null, waitSeconds: number, signal?: AbortSignal): Promise<RevisionMessage | undefined> {
    const url = `${this.base}/api/agent/v1/revision?${after === null ? "" : `after=${after}&`}wait=${waitSeconds}`;
    // The console holds the request up to waitSeconds; a dead TCP path must not hang us forever.
    const res = await this.request(url, { method: "GET" }, (waitSeconds + 15) * 1000, signal);
    if (res.status === 204) return undefined;
    if (res.status !== 200) throw await errorOf(res, "GET revision");
    let body: unknown;
    try {
      body = await res.json();
    } catch (e) {
      throw new ConsoleError(`console sent a revision that is not JSON: ${(e as Error).message}`, 200, true);
    }
    return parseRevisionMessage(body, "console");
  }

  /**
   * Long-poll for a console request (e.g. the connection table). Resolves undefined when the
   * wait ended with nothing (204); the raw body otherwise, checked by the caller.
   */
  async nextRequest(waitSeconds: number, signal?: AbortSignal): Promise<unknown> {
    const res = await this.request(`${this.base}/api/agent/v1/requests?wait=${waitSeconds}`, { method: "GET" }, (waitSeconds + 15) * 1000, signal);
    if (res.status === 204) return undefined;
    if (res.status !== 200) throw await errorOf(res, "GET requests");
    try {
      return await res.json();
    } catch (e) {
      throw new ConsoleError(`console sent a request that is not JSON: ${(e as Error).message}`, 200, true);
    }
  }

  /** Answers request `id`; a 404 (expired: the asker gave up) is not an error worth retrying. */
  async answerRequest(id: string, answer: unknown, signal?: AbortSignal): Promise<"ok" | "expired"> {
    const res = await this.request(
      `${this.base}/api/agent/v1/requests/${encodeURIComponent(id)}`,
      { method: "POST", body: JSON.stringify(answer), headers: { "content-type": "application/json" } },
      15_000,
      signal,
    );
    if (res.status === 404) {
      await res.body?.cancel().catch(() => {});
      return "expired";
    }
    if (res.status < 200 || res.status >= 300) throw await errorOf(res, "POST request answer");
    await res.body?.cancel().catch(() => {});
    return "ok";
  }

  async postStatus(report: StatusReport, signal?: AbortSignal): Promise<void> {
    const res = await this.request(
      `${this.base}/api/agent/v1/status`,
      { method: "POST", body: JSON.stringify(report), headers: { "content-type": "application/json" } },
      15_000,
      signal,
    );
    if (res.status < 200 || res.status >= 300) throw await errorOf(res, "POST status");
    await res.body?.cancel().catch(() => {});
  }

  private async request(url: string, init: RequestInit, timeoutMs: number, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      return await this.fetch(url, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          authorization: `Bearer ${this.token}`,
          "user-agent": this.userAgent,
          accept: "application/json",
          [PROTOCOL_HEADER]: String(AGENT_PROTOCOL),
          ...(this.agentVersion ? { [AGENT_VERSION_HEADER]: this.agentVersion } : {}),
        },
        signal: combined,
      });
    } catch (e) {
      if (signal?.aborted) throw e;
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = timeout.aborted ? `no answer within ${Math.round(timeoutMs / 1000)} s` : (cause?.code ?? cause?.message ?? (e as Error).message);
      throw new ConsoleError(`console ${new URL(url).origin} unreachable: ${why}`);
    }
  }
}

async function errorOf(res: Response, what: string): Promise<ConsoleError> {
  let detail = "";
  try {
    const text = (await res.text()).slice(0, 500);
    try {
      const j = JSON.parse(text) as { error?: unknown; message?: unknown };
      detail = String(j.error ?? j.message ?? text);
    } catch {
      detail = text;
    }
  } catch {
    /* body unreadable: the status says enough */
  }
  if (res.status === 401 || res.status === 403) {
    return new ConsoleError(
      `console refused this director's token on ${what} (${res.status}${detail ? `: ${detail}` : ""}); re-enroll the director with a new token`,
      res.status,
      false,
    );
  }
  if (res.status === 426) {
    const speaks = res.headers.get(PROTOCOL_HEADER);
    const min = res.headers.get(PROTOCOL_MIN_HEADER);
    const range = speaks ? ` (console speaks ${min && min !== speaks ? `${min}..${speaks}` : speaks}, this agent ${AGENT_PROTOCOL})` : "";
    return new ConsoleError(`console refused this agent's protocol on ${what}${range}${detail ? `: ${detail}` : ""}`, res.status, false);
  }
  return new ConsoleError(`console answered ${what} with ${res.status}${detail ? `: ${detail}` : ""}`, res.status, res.status >= 500 || res.status === 429);
}
