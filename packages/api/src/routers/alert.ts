import { z } from "zod";
import { AlertRuleInput, diag, ruleNeverMatches, SilenceInput } from "@shoal/core";
import { ChannelInput, ChannelType } from "../events/channel-config.ts";
import { SAMPLE_EVENT_ID, wakeDelivery } from "../events/delivery.ts";
import { currentEventService } from "../events/service.ts";
import { channelSecretsView, mergeSecrets } from "../events/secrets.ts";
import { checkTargetUrl } from "../events/ssrf.ts";
import { ShoalError } from "../errors.ts";
import { adminProcedure, operatorProcedure, router, viewerProcedure } from "../trpc.ts";
import type { Db } from "@shoal/db";

const Locale = z.enum(["en", "zh-CN"]);
const ChannelWrite = z.object({ name: z.string().trim().min(1).max(100), locale: Locale.default("en") }).and(ChannelInput);

async function refuseBadTargets(input: z.infer<typeof ChannelInput>): Promise<void> {
  const urls: [string, string | undefined][] = [];
  if (input.type === "webhook" || input.type === "alertmanager") urls.push(["config.url", input.config.url]);
  if (input.type === "slack") urls.push(["secrets.url", input.secrets.url]);
  for (const [path, url] of urls) {
    if (!url) continue;
    const why = await checkTargetUrl(url);
    if (why) throw ShoalError.badInput([diag("error", "alert.channel.refused-target", `refused: ${why.en}`, `已拒绝：${why.zh}`, { path: path.split(".") })]);
  }
}

async function checkRule(db: Db, rule: AlertRuleInput): Promise<void> {
  const problems = ruleNeverMatches(rule);
  if (rule.clusterId && !(await db.cluster.findUnique({ where: { id: rule.clusterId }, select: { id: true } }))) {
    problems.push(diag("error", "alert.rule.no-cluster", "no such cluster: the rule would never match", "没有此集群：规则永远不会匹配", { path: ["clusterId"] }));
  }
  const channels = await db.alertChannel.count({ where: { id: { in: rule.channelIds } } });
  if (channels !== new Set(rule.channelIds).size)
    problems.push(diag("error", "alert.rule.no-channel", "a chosen channel does not exist", "所选通知渠道不存在", { path: ["channelIds"] }));
  if (problems.length) throw ShoalError.badInput(problems);
}

const channelView = (
  c: { id: string; name: string; type: string; locale: string; config: string; secrets: string; lastSuccessAt: Date | null; lastFailureAt: Date | null; lastError: string | null },
  role: "viewer" | "operator" | "admin",
) => ({
  id: c.id,
  name: c.name,
  type: c.type as z.infer<typeof ChannelType>,
  locale: c.locale,
  config: JSON.parse(c.config) as Record<string, unknown>,
  secrets: channelSecretsView(JSON.parse(c.secrets) as Record<string, string>, role),
  lastSuccessAt: c.lastSuccessAt?.toISOString() ?? null,
  lastFailureAt: c.lastFailureAt?.toISOString() ?? null,
  lastError: c.lastError,
});

const invalidate = () => currentEventService()?.engine.invalidateRules();

/** Alert channels, rules and silences (issue 17). Channels are admin's; rules and silences operators'. */
export const alertRouter = router({
  channels: viewerProcedure.query(async ({ ctx }) => {
    const rows = await ctx.db.alertChannel.findMany({ orderBy: { name: "asc" } });
    const pending = await ctx.db.outbox.groupBy({ by: ["channelId"], where: { deliveredAt: null }, _count: { _all: true } });
    const byId = new Map(pending.map((p) => [p.channelId, p._count._all]));
    return rows.map((c) => ({ ...channelView(c, ctx.user.role as "admin"), pending: byId.get(c.id) ?? 0 }));
  }),

  createChannel: adminProcedure.input(ChannelWrite).mutation(async ({ ctx, input }) => {
    await refuseBadTargets(input);
    const c = await ctx.db.alertChannel.create({
      data: { name: input.name, type: input.type, locale: input.locale, config: JSON.stringify(input.config), secrets: JSON.stringify(input.secrets) },
    });
    ctx.audit.push({
      targetType: "alertChannel",
      targetId: c.id,
      after: { name: c.name, type: c.type, locale: c.locale, config: input.config, secrets: Object.keys(input.secrets) },
    });
    return channelView(c, "viewer");
  }),

  /** Secret fields left empty keep their stored value (forms never receive secrets to echo back). */
  updateChannel: adminProcedure.input(z.object({ id: z.string() }).and(ChannelWrite)).mutation(async ({ ctx, input }) => {
    const old = await ctx.db.alertChannel.findUnique({ where: { id: input.id } });
    if (!old) throw ShoalError.notFound("alert channel", "通知渠道");
    const secrets = mergeSecrets(JSON.parse(old.secrets) as Record<string, string>, input.secrets);
    await refuseBadTargets({ ...input, secrets });
    const c = await ctx.db.alertChannel.update({
      where: { id: input.id },
      data: { name: input.name, type: input.type, locale: input.locale, config: JSON.stringify(input.config), secrets: JSON.stringify(secrets) },
    });
    ctx.audit.push({
      targetType: "alertChannel",
      targetId: c.id,
      after: { name: c.name, type: c.type, config: input.config, secretsChanged: Object.keys(input.secrets).filter((k) => (input.secrets as Record<string, string>)[k]) },
    });
    return channelView(c, "viewer");
  }),

  deleteChannel: adminProcedure.input(z.object({ id: z.string() })).mutation(async ({ ctx, input }) => {
    await ctx.db.alertChannel.delete({ where: { id: input.id } }).catch(() => {
      throw ShoalError.notFound("alert channel", "通知渠道");
    });
    ctx.audit.push({ targetType: "alertChannel", targetId: input.id });
    return { ok: true };
  }),

  /** Queues a sample alert to the channel through the outbox (the same path, retries included). */
  testChannel: operatorProcedure.input(z.object({ id: z.string() })).mutation(async ({ ctx, input }) => {
    const c = await ctx.db.alertChannel.findUnique({ where: { id: input.id }, select: { id: true } });
    if (!c) throw ShoalError.notFound("alert channel", "通知渠道");
    const row = await ctx.db.outbox.create({ data: { channelId: c.id, eventId: SAMPLE_EVENT_ID, status: "test" } });
    wakeDelivery();
    ctx.audit.push({ targetType: "alertChannel", targetId: c.id, message: "test alert queued" });
    return { deliveryId: row.id };
  }),

  /** Where one delivery stands (the test button polls it). */
  delivery: viewerProcedure.input(z.object({ id: z.number().int() })).query(async ({ ctx, input }) => {
    const r = await ctx.db.outbox.findUnique({ where: { id: input.id } });
    if (!r) throw ShoalError.notFound("delivery", "投递");
    return { id: r.id, attempts: r.attempts, deliveredAt: r.deliveredAt?.toISOString() ?? null, lastError: r.lastError, nextAttemptAt: r.nextAttemptAt.toISOString() };
  }),

  rules: viewerProcedure.query(async ({ ctx }) =>
    (await ctx.db.alertRule.findMany({ orderBy: { createdAt: "asc" } })).map((r) => ({ id: r.id, ...AlertRuleInput.parse(JSON.parse(r.data)) })),
  ),

  createRule: operatorProcedure.input(AlertRuleInput).mutation(async ({ ctx, input }) => {
    await checkRule(ctx.db, input);
    const r = await ctx.db.alertRule.create({ data: { data: JSON.stringify(input) } });
    ctx.audit.push({ targetType: "alertRule", targetId: r.id, clusterId: input.clusterId ?? undefined, after: input });
    invalidate();
    return { id: r.id, ...input };
  }),

  updateRule: operatorProcedure.input(z.object({ id: z.string(), rule: AlertRuleInput })).mutation(async ({ ctx, input }) => {
    const old = await ctx.db.alertRule.findUnique({ where: { id: input.id } });
    if (!old) throw ShoalError.notFound("alert rule", "告警规则");
    await checkRule(ctx.db, input.rule);
    await ctx.db.alertRule.update({ where: { id: input.id }, data: { data: JSON.stringify(input.rule) } });
    ctx.audit.push({ targetType: "alertRule", targetId: input.id, before: JSON.parse(old.data), after: input.rule });
    invalidate();
    return { id: input.id, ...input.rule };
  }),

  deleteRule: operatorProcedure.input(z.object({ id: z.string() })).mutation(async ({ ctx, input }) => {
    const old = await ctx.db.alertRule.findUnique({ where: { id: input.id } });
    if (!old) throw ShoalError.notFound("alert rule", "告警规则");
    await ctx.db.alertRule.delete({ where: { id: input.id } });
    ctx.audit.push({ targetType: "alertRule", targetId: input.id, before: JSON.parse(old.data) });
    invalidate();
    return { ok: true };
  }),

  silences: viewerProcedure.input(z.object({ includeEnded: z.boolean().default(false) }).default({ includeEnded: false })).query(async ({ ctx, input }) => {
    const rows = await ctx.db.silence.findMany({ where: input.includeEnded ? {} : { endsAt: { gt: new Date() } }, orderBy: { endsAt: "desc" }, take: 500 });
    return rows.map((s) => ({ ...s, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), createdAt: s.createdAt.toISOString() }));
  }),

  createSilence: operatorProcedure.input(SilenceInput).mutation(async ({ ctx, input }) => {
    if (new Date(input.endsAt) <= new Date())
      throw ShoalError.badInput([diag("error", "alert.silence.ended", "the end time is in the past", "结束时间已过去", { path: ["endsAt"] })]);
    const s = await ctx.db.silence.create({ data: { ...input, endsAt: new Date(input.endsAt), createdBy: ctx.user.username } });
    ctx.audit.push({ targetType: "silence", targetId: s.id, clusterId: input.clusterId ?? undefined, after: input, message: input.reason });
    return { ...s, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), createdAt: s.createdAt.toISOString() };
  }),

  /** Ends a silence now (kept for the record). */
  endSilence: operatorProcedure.input(z.object({ id: z.string() })).mutation(async ({ ctx, input }) => {
    const s = await ctx.db.silence.findUnique({ where: { id: input.id } });
    if (!s) throw ShoalError.notFound("silence", "静默");
    const now = new Date();
    await ctx.db.silence.update({ where: { id: input.id }, data: { endsAt: now } });
    // Alerts it held back are looked at again now, not at the end time it had.
    await ctx.db.notification.updateMany({ where: { state: { in: ["pending", "firing"] }, nextAt: { gt: now } }, data: { nextAt: now } });
    ctx.audit.push({ targetType: "silence", targetId: input.id, clusterId: s.clusterId ?? undefined, message: "ended" });
    return { ok: true };
  }),
});
