import { z } from "zod";
import { hashPassword, Password, Username, verifyPassword } from "../auth/password.ts";
import { revokeSessions } from "../auth/session.ts";
import { guardedUpdate } from "../draft/versioned.ts";
import { ShoalError } from "../errors.ts";
import { Role } from "../roles.ts";
import { adminProcedure, router, viewerProcedure } from "../trpc.ts";
import type { Db } from "@shoal/db";

const userView = { id: true, username: true, role: true, disabled: true, version: true, createdAt: true, updatedAt: true } as const;

/** Dates as ISO strings: what the client receives over JSON anyway, so the types say so. */
function iso<T extends { createdAt: Date; updatedAt: Date }>(u: T): Omit<T, "createdAt" | "updatedAt"> & { createdAt: string; updatedAt: string } {
  return { ...u, createdAt: u.createdAt.toISOString(), updatedAt: u.updatedAt.toISOString() };
}

async function ensureAnotherAdmin(db: Db, userId: string): Promise<void> {
  const others = await db.user.count({ where: { role: "admin", disabled: false, id: { not: userId } } });
  if (others === 0) throw ShoalError.precondition("this is the last active administrator", "这是最后一个有效的管理员");
}

export const userRouter = router({
  list: adminProcedure.query(async ({ ctx }) => {
    const users = await ctx.db.user.findMany({ select: userView, orderBy: { username: "asc" } });
    const active = await ctx.db.session.groupBy({ by: ["userId"], where: { revokedAt: null, expiresAt: { gt: new Date() } }, _count: true });
    const count = new Map(active.map((a) => [a.userId, a._count]));
    return users.map((u) => ({ ...iso(u), activeSessions: count.get(u.id) ?? 0 }));
  }),

  create: adminProcedure.input(z.object({ username: Username, password: Password, role: Role })).mutation(async ({ ctx, input }) => {
    if (await ctx.db.user.findUnique({ where: { username: input.username } })) {
      throw ShoalError.badInput([
        { severity: "error", code: "user.exists", path: ["username"], message: { en: `user ${input.username} already exists`, zh: `用户 ${input.username} 已存在` } },
      ]);
    }
    const user = await ctx.db.user.create({ data: { username: input.username, role: input.role, passwordHash: await hashPassword(input.password) }, select: userView });
    ctx.audit.push({ targetType: "user", targetId: user.id, after: { username: user.username, role: user.role } });
    return iso(user);
  }),

  /** Role and enabled state. Disabling a user ends their sessions. */
  update: adminProcedure
    .input(z.object({ id: z.string(), version: z.number().int(), role: Role.optional(), disabled: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) => {
      const before = await ctx.db.user.findUnique({ where: { id: input.id }, select: userView });
      if (!before) throw ShoalError.notFound("user", "用户");
      if ((input.role && input.role !== "admin" && before.role === "admin") || (input.disabled && before.role === "admin")) {
        await ensureAnotherAdmin(ctx.db, input.id);
      }
      const data = { ...(input.role ? { role: input.role } : {}), ...(input.disabled !== undefined ? { disabled: input.disabled } : {}) };
      await guardedUpdate({
        what: "user",
        zh: "用户",
        yours: { ...before, ...data, version: input.version },
        update: () => ctx.db.user.updateMany({ where: { id: input.id, version: input.version }, data: { ...data, version: { increment: 1 } } }),
        current: () => ctx.db.user.findUnique({ where: { id: input.id }, select: userView }),
        view: (u) => u,
      });
      if (input.disabled || (input.role && input.role !== before.role)) await revokeSessions(ctx.db, { userId: input.id });
      const after = await ctx.db.user.findUniqueOrThrow({ where: { id: input.id }, select: userView });
      ctx.audit.push({ targetType: "user", targetId: input.id, before, after });
      return iso(after);
    }),

  /** An admin sets someone's password; their sessions end. */
  setPassword: adminProcedure.input(z.object({ id: z.string(), password: Password })).mutation(async ({ ctx, input }) => {
    const u = await ctx.db.user.findUnique({ where: { id: input.id } });
    if (!u) throw ShoalError.notFound("user", "用户");
    await ctx.db.user.update({ where: { id: input.id }, data: { passwordHash: await hashPassword(input.password), version: { increment: 1 } } });
    await revokeSessions(ctx.db, { userId: input.id });
    ctx.audit.push({ targetType: "user", targetId: input.id, message: "password set; sessions revoked" });
    return { ok: true };
  }),

  /** Anyone signed in changes their own password; their other sessions end. */
  changeOwnPassword: viewerProcedure.input(z.object({ currentPassword: z.string().min(1).max(256), newPassword: Password })).mutation(async ({ ctx, input }) => {
    const u = await ctx.db.user.findUniqueOrThrow({ where: { id: ctx.user.id } });
    if (!(await verifyPassword(u.passwordHash, input.currentPassword))) {
      throw ShoalError.badInput([
        { severity: "error", code: "user.wrong-password", path: ["currentPassword"], message: { en: "the current password is wrong", zh: "当前密码错误" } },
      ]);
    }
    await ctx.db.user.update({ where: { id: u.id }, data: { passwordHash: await hashPassword(input.newPassword), version: { increment: 1 } } });
    await revokeSessions(ctx.db, { userId: u.id, exceptId: ctx.session.id });
    ctx.audit.push({ targetType: "user", targetId: u.id, message: "own password changed; other sessions revoked" });
    return { ok: true };
  }),

  /** Ends every session of a user (admin revokes access at once). */
  revokeSessions: adminProcedure.input(z.object({ id: z.string() })).mutation(async ({ ctx, input }) => {
    const n = await revokeSessions(ctx.db, { userId: input.id });
    ctx.audit.push({ targetType: "user", targetId: input.id, message: `revoked ${n} session(s)` });
    return { revoked: n };
  }),

  delete: adminProcedure.input(z.object({ id: z.string(), version: z.number().int() })).mutation(async ({ ctx, input }) => {
    const before = await ctx.db.user.findUnique({ where: { id: input.id }, select: userView });
    if (!before) throw ShoalError.notFound("user", "用户");
    if (input.id === ctx.user.id) throw ShoalError.precondition("you cannot delete yourself", "不能删除自己");
    if (before.role === "admin") await ensureAnotherAdmin(ctx.db, input.id);
    const r = await ctx.db.user.deleteMany({ where: { id: input.id, version: input.version } });
    if (r.count !== 1) throw ShoalError.conflict("user", before, input, ["version"]);
    ctx.audit.push({ targetType: "user", targetId: input.id, before });
    return { ok: true };
  }),
});
