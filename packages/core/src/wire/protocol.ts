import type { Message } from "../diagnostics.ts";

/**
 * The agent <-> console protocol version. Bumped only for a change an older peer would
 * misread (a field removed, renamed or given a new meaning); a new optional field or sub-object
 * does not bump it: both sides ignore fields they do not know.
 */
export const AGENT_PROTOCOL = 1;
/** The oldest agent protocol this console still serves. */
export const AGENT_PROTOCOL_MIN = 1;

/** Request headers the agent sends on every call; the console answers with its own range. */
export const PROTOCOL_HEADER = "x-shoal-protocol";
export const AGENT_VERSION_HEADER = "x-shoal-agent-version";
export const PROTOCOL_MIN_HEADER = "x-shoal-protocol-min";

export type Negotiated = { ok: true; protocol: number } | { ok: false; status: 400 | 426; message: Message };

/**
 * The console's side of the negotiation: which protocol an agent speaks, from its header. An
 * agent without the header predates negotiation and speaks protocol 1.
 */
export function negotiateProtocol(header: string | null | undefined, agentVersion?: string | null, min = AGENT_PROTOCOL_MIN, max = AGENT_PROTOCOL): Negotiated {
  const raw = header?.trim();
  if (!raw) return min <= 1 ? { ok: true, protocol: 1 } : tooOld(1, agentVersion, min, max);
  if (!/^\d{1,6}$/.test(raw)) {
    return {
      ok: false,
      status: 400,
      message: { en: `${PROTOCOL_HEADER} must be a protocol number, got "${raw.slice(0, 20)}"`, zh: `${PROTOCOL_HEADER} 必须是协议版本号，收到 "${raw.slice(0, 20)}"` },
    };
  }
  const v = Number(raw);
  if (v < min) return tooOld(v, agentVersion, min, max);
  if (v > max) {
    const who = agentVersion ? `shoal-agent ${agentVersion}` : "this agent";
    return {
      ok: false,
      status: 426,
      message: {
        en: `${who} speaks agent protocol ${v}; this console speaks ${range(min, max)}: upgrade the console, or run an agent that speaks ${max}`,
        zh: `${who} 使用代理协议 ${v}；此控制台支持 ${range(min, max)}：请升级控制台，或运行支持协议 ${max} 的代理`,
      },
    };
  }
  return { ok: true, protocol: v };
}

function tooOld(v: number, agentVersion: string | null | undefined, min: number, max: number): Negotiated {
  const who = agentVersion ? `shoal-agent ${agentVersion}` : "this agent";
  return {
    ok: false,
    status: 426,
    message: {
      en: `${who} speaks agent protocol ${v}; this console speaks ${range(min, max)}: upgrade shoal-agent on this director`,
      zh: `${who} 使用代理协议 ${v}；此控制台支持 ${range(min, max)}：请升级此调度器上的 shoal-agent`,
    },
  };
}

function range(min: number, max: number): string {
  return min === max ? `${min}` : `${min}..${max}`;
}

/**
 * The agent's side: whether a message from the console (its `protocol` field, absent from
 * consoles that predate negotiation = 1) is one this agent can read.
 */
export function acceptsConsoleProtocol(v: number | undefined, min = AGENT_PROTOCOL_MIN, max = AGENT_PROTOCOL): Message | null {
  const p = v ?? 1;
  if (p >= min && p <= max) return null;
  return p > max
    ? {
        en: `the console speaks agent protocol ${p}; this agent speaks ${range(min, max)}: upgrade shoal-agent`,
        zh: `控制台使用代理协议 ${p}；此代理支持 ${range(min, max)}：请升级 shoal-agent`,
      }
    : {
        en: `the console speaks agent protocol ${p}; this agent speaks ${range(min, max)}: upgrade the console`,
        zh: `控制台使用代理协议 ${p}；此代理支持 ${range(min, max)}：请升级控制台`,
      };
}
