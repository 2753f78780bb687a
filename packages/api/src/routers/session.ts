import { z } from "zod";
import { revokeSessions } from "../auth/session.ts";
import { ShoalError } from "../errors.ts";
import { roleAtLeast } from "../roles.ts";
import { router, viewerProcedure } from "../trpc.ts";

export const sessionRouter = router({
  /** My active sessions; an admin may ask for another user's. Never returns tokens or hashes. */
  list: viewerProcedure.input(z.object({ userId: z.string().optional() }).optional()).query(async ({ ctx, input }) => {
    const userId = input?.userId ?? ctx.user.id;
    if (userId !== ctx.user.id && !roleAtLeast(ctx.user.role, "admin")) throw ShoalError.forbidden();
    const rows = await ctx.db.session.findMany({
      where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
      select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true, ip: true, userAgent: true },
      orderBy: { lastSeenAt: "desc" },
    });
    return rows.map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      current: r.id === ctx.session.id,
    }));
  }),

  /** Revoke one session: my own, or anyone's for an admin. */
  revoke: viewerProcedure.input(z.object({ id: z.string() })).mutation(async ({ ctx, input }) => {
    const s = await ctx.db.session.findUnique({ where: { id: input.id }, select: { userId: true } });
    if (!s || (s.userId !== ctx.user.id && !roleAtLeast(ctx.user.role, "admin"))) throw ShoalError.notFound("session", "会话");
    await revokeSessions(ctx.db, { id: input.id });
    ctx.audit.push({ targetType: "session", targetId: input.id });
    return { ok: true };
  }),

  /** Sign out my other sessions ("log out everywhere else"). */
  revokeOthers: viewerProcedure.mutation(async ({ ctx }) => {
    const n = await revokeSessions(ctx.db, { userId: ctx.user.id, exceptId: ctx.session.id });
    ctx.audit.push({ targetType: "user", targetId: ctx.user.id, message: `revoked ${n} other session(s)` });
    return { revoked: n };
  }),
});
