import { TRPCError } from "@trpc/server";
import { diag, type Diagnostic } from "@shoal/core";

type Code = ConstructorParameters<typeof TRPCError>[0]["code"];

/** What a client needs beside the message: diagnostics for the fields, or a conflict to resolve. */
export interface ErrorDetails {
  diagnostics?: Diagnostic[];
  conflict?: { current: unknown; yours: unknown; changed: string[] };
  retryAfterSeconds?: number;
}

/** Carried as the TRPCError's cause; the error formatter copies the details into error.data. */
export class ShoalDetails extends Error {
  constructor(
    message: string,
    readonly details: ErrorDetails,
  ) {
    super(message);
  }
}

function make(code: Code, en: string, zh: string, details: ErrorDetails = {}, diagCode = code.toLowerCase()): TRPCError {
  const diagnostics = details.diagnostics ?? [diag("error", diagCode, en, zh)];
  return new TRPCError({ code, message: en, cause: new ShoalDetails(en, { ...details, diagnostics }) });
}

export const ShoalError = {
  badInput(diagnostics: Diagnostic[]): TRPCError {
    const first = diagnostics.find((d) => d.severity === "error") ?? diagnostics[0];
    const where = first?.path?.length ? `${first.path.join(".")}: ` : "";
    return make("BAD_REQUEST", first ? `${where}${first.message.en}` : "invalid input", first?.message.zh ?? "输入无效", { diagnostics });
  },
  notFound(what: string, zh: string): TRPCError {
    return make("NOT_FOUND", `${what} not found`, `未找到${zh}`, {}, "not-found");
  },
  conflict(what: string, current: unknown, yours: unknown, changed: string[]): TRPCError {
    return make(
      "CONFLICT",
      `${what} was changed by someone else since you loaded it (${changed.join(", ") || "version"}); reload and reapply your edit`,
      `${what} 在您加载后已被他人修改（${changed.join("、") || "版本"}）；请重新加载后再修改`,
      { conflict: { current, yours, changed } },
      "conflict.stale-version",
    );
  },
  forbidden(en = "your role does not allow this", zh = "您的角色无权执行此操作"): TRPCError {
    return make("FORBIDDEN", en, zh, {}, "auth.forbidden");
  },
  unauthorized(en = "sign in first", zh = "请先登录"): TRPCError {
    return make("UNAUTHORIZED", en, zh, {}, "auth.unauthorized");
  },
  tooMany(en: string, zh: string, retryAfterSeconds: number): TRPCError {
    return make("TOO_MANY_REQUESTS", en, zh, { retryAfterSeconds }, "auth.throttled");
  },
  precondition(en: string, zh: string, diagnostics?: Diagnostic[]): TRPCError {
    return make("PRECONDITION_FAILED", en, zh, diagnostics ? { diagnostics } : {}, "precondition");
  },
};

/** Names of the top-level fields whose JSON differs: shown in a conflict message. */
export function changedFields(a: unknown, b: unknown): string[] {
  if (typeof a !== "object" || typeof b !== "object" || !a || !b) return [];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => k !== "version" && JSON.stringify((a as Record<string, unknown>)[k]) !== JSON.stringify((b as Record<string, unknown>)[k]));
}
