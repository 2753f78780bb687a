import { sha256 } from "@shoal/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import { hashPassword, Password, Username } from "../auth/password.ts";
import { createSession, sessionCookie } from "../auth/session.ts";
import { adminExists } from "../auth/setup-token.ts";
import { ShoalError } from "../errors.ts";
import { publicProcedure, router } from "../trpc.ts";

export const SETUP_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export const setupRouter = router({
  /** Public: only whether the first admin still has to be created. */
  status: publicProcedure.query(async ({ ctx }) => ({ needsSetup: !(await adminExists(ctx.db)) })),

  /** Public but gated by the one-time token printed at first start. Signs the new admin in. */
  createAdmin: publicProcedure.input(z.object({ token: z.string().min(1).max(128), username: Username, password: Password })).mutation(async ({ ctx, input }) => {
    const { db } = ctx;
    if (await adminExists(db)) {
      throw ShoalError.forbidden("an administrator already exists; sign in instead", "管理员已存在；请直接登录");
    }
    const passwordHash = await hashPassword(input.password);
    const user = await db.$transaction(async (tx) => {
      // A link lying in an old terminal scrollback should not stay a way in: 24 h, then restart.
      const fresh = new Date(Date.now() - SETUP_TOKEN_TTL_MS);
      const r = await tx.setupToken.updateMany({ where: { tokenHash: sha256(input.token), usedAt: null, createdAt: { gt: fresh } }, data: { usedAt: new Date() } });
      if (r.count !== 1) return null;
      return tx.user.create({ data: { username: input.username, passwordHash, role: "admin" } });
    });
    if (!user) {
      await writeAudit(db, { action: "setup.createAdmin", actorName: input.username, success: false, message: "invalid or used setup token", ip: ctx.req.ip });
      throw ShoalError.forbidden(
        "the setup token is invalid, expired (24 h) or was already used; restart the console for a new link",
        "设置令牌无效、已过期（24 小时）或已被使用；请重启控制台获取新链接",
      );
    }
    const s = await createSession(db, user.id, ctx.req);
    ctx.setCookie(sessionCookie(s.token, s.expiresAt, ctx.req.secure));
    await writeAudit(db, {
      action: "setup.createAdmin",
      actorId: user.id,
      actorName: user.username,
      targetType: "user",
      targetId: user.id,
      after: { username: user.username, role: user.role },
      ip: ctx.req.ip,
    });
    return { user: { id: user.id, username: user.username, role: user.role } };
  }),
});
