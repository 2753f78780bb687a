import { z } from "zod";
import { writeAudit } from "../audit.ts";
import { dummyHash, verifyPassword } from "../auth/password.ts";
import { clearedCookie, createSession, revokeSessions, sessionCookie } from "../auth/session.ts";
import { clearFailures, lockedFor, recordFailure, throttleKeys } from "../auth/throttle.ts";
import { ShoalError } from "../errors.ts";
import { publicProcedure, router, viewerProcedure } from "../trpc.ts";

export const authRouter = router({
  /** Public. Wrong name and wrong password get the same answer; both are audited and throttled. */
  login: publicProcedure.input(z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) })).mutation(async ({ ctx, input }) => {
    const { db } = ctx;
    const keys = throttleKeys(input.username, ctx.req.ip);
    const wait = await lockedFor(db, keys);
    if (wait > 0) {
      await writeAudit(db, { action: "auth.login", actorName: input.username, success: false, message: `throttled for ${wait}s`, ip: ctx.req.ip });
      throw ShoalError.tooMany(`too many failed sign-ins; try again in ${wait} seconds`, `登录失败次数过多；请在 ${wait} 秒后重试`, wait);
    }
    const user = await db.user.findUnique({ where: { username: input.username } });
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), input.password);
    if (!user || !ok || user.disabled) {
      await recordFailure(db, keys);
      await writeAudit(db, {
        action: "auth.login",
        actorId: user?.id ?? null,
        actorName: input.username,
        success: false,
        message: user?.disabled ? "account disabled" : "wrong user name or password",
        ip: ctx.req.ip,
      });
      throw ShoalError.unauthorized("wrong user name or password", "用户名或密码错误");
    }
    await clearFailures(db, [keys[0]!]);
    const s = await createSession(db, user.id, ctx.req);
    ctx.setCookie(sessionCookie(s.token, s.expiresAt, ctx.req.secure));
    await writeAudit(db, { action: "auth.login", actorId: user.id, actorName: user.username, success: true, ip: ctx.req.ip, targetType: "session", targetId: s.id });
    return { user: { id: user.id, username: user.username, role: user.role }, expiresAt: s.expiresAt.toISOString() };
  }),

  /** Who am I; UNAUTHORIZED when not signed in (or the session ended). */
  me: viewerProcedure.query(({ ctx }) => ({ ...ctx.user, sessionId: ctx.session.id })),

  logout: viewerProcedure.mutation(async ({ ctx }) => {
    await revokeSessions(ctx.db, { id: ctx.session.id });
    ctx.setCookie(clearedCookie(ctx.req.secure));
    ctx.audit.push({ targetType: "session", targetId: ctx.session.id });
    return { ok: true };
  }),

  /** Sign out every session of mine, this one included. */
  logoutEverywhere: viewerProcedure.mutation(async ({ ctx }) => {
    const n = await revokeSessions(ctx.db, { userId: ctx.user.id });
    ctx.setCookie(clearedCookie(ctx.req.secure));
    ctx.audit.push({ targetType: "user", targetId: ctx.user.id, message: `revoked ${n} session(s)` });
    return { revoked: n };
  }),
});
