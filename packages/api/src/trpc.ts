import { initTRPC } from "@trpc/server";
import { explainZodError, type Diagnostic } from "@shoal/core";
import { z } from "zod";
import { writeAudit } from "./audit.ts";
import type { Context } from "./context.ts";
import { ShoalDetails, ShoalError, type ErrorDetails } from "./errors.ts";
import { logger } from "./log.ts";
import { roleAtLeast, type Role } from "./roles.ts";

function zodDiagnostics(err: z.ZodError): Diagnostic[] {
  return explainZodError(err);
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    let details: ErrorDetails = {};
    if (error.cause instanceof ShoalDetails) details = error.cause.details;
    else if (error.cause instanceof z.ZodError) details = { diagnostics: zodDiagnostics(error.cause) };
    const message =
      error.cause instanceof z.ZodError && details.diagnostics?.[0]
        ? `${details.diagnostics[0].path?.join(".") ?? ""}: ${details.diagnostics[0].message.en}`.replace(/^: /, "")
        : shape.message;
    // Internal errors keep their text in the server log only.
    const safeMessage = error.code === "INTERNAL_SERVER_ERROR" ? "internal error" : message;
    if (error.code === "INTERNAL_SERVER_ERROR") logger.error({ err: error.cause ?? error }, "procedure failed");
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, message: safeMessage, data: { ...data, ...details } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/**
 * Every successful mutation leaves an audit row: what the procedure recorded in ctx.audit (before
 * and after JSON, target), or at least who called which procedure. Refused ones are recorded too.
 */
const audited = t.middleware(async ({ ctx, type, path, next }) => {
  // A fresh list per call: one context may serve several calls (batching, createCaller).
  const audit: Context["audit"] = [];
  const result = await next({ ctx: { audit } });
  if (type !== "mutation" || path === "auth.login" || path === "setup.createAdmin") return result;
  const actor = { actorId: ctx.session?.user.id ?? null, actorName: ctx.session?.user.username ?? null, ip: ctx.req.ip };
  if (!result.ok) {
    const code = result.error.code;
    // Anonymous refusals are not recorded: anyone could fill the disk with them (logins are
    // recorded by auth.login itself, and throttled).
    if (code !== "INTERNAL_SERVER_ERROR" && ctx.session) {
      await writeAudit(ctx.db, { action: path, ...actor, success: false, message: `${code}: ${result.error.message}` }).catch(() => {});
    }
    return result;
  }
  const records = audit.length ? audit : [{}];
  for (const r of records) await writeAudit(ctx.db, { action: path, ...actor, ...r });
  return result;
});

export const publicProcedure = t.procedure.use(audited);

function requireRole(min: Role) {
  return t.middleware(({ ctx, next }) => {
    if (!ctx.session) throw ShoalError.unauthorized();
    if (!roleAtLeast(ctx.session.user.role, min)) {
      throw ShoalError.forbidden(`needs the ${min} role (you are ${ctx.session.user.role})`, `需要 ${min} 角色（您是 ${ctx.session.user.role}）`);
    }
    return next({ ctx: { ...ctx, session: ctx.session, user: ctx.session.user } });
  });
}

export const viewerProcedure = publicProcedure.use(requireRole("viewer"));
export const operatorProcedure = publicProcedure.use(requireRole("operator"));
export const adminProcedure = publicProcedure.use(requireRole("admin"));
