import { z } from "zod";

/** Channel settings as stored (config JSON) and their secret half (secrets JSON). */
export const WebhookConfig = z.object({ url: z.string().url().max(2000) });
export const WebhookSecrets = z.object({ token: z.string().max(2000).optional() });
/** Slack/Mattermost incoming webhook: the URL itself is the secret (its path is the token). */
export const SlackSecrets = z.object({ url: z.string().url().max(2000).optional() });
export const EmailConfig = z.object({
  host: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65535).default(587),
  /** TLS from the first byte (465); otherwise STARTTLS, required when `starttls` is true. */
  secure: z.boolean().default(false),
  starttls: z.boolean().default(true),
  user: z.string().max(255).optional(),
  from: z.string().min(3).max(255),
  to: z.array(z.string().min(3).max(255)).min(1).max(50),
  /** Accept a self-signed certificate (a lab relay); off by default. */
  allowInvalidCert: z.boolean().default(false),
});
export const EmailSecrets = z.object({ password: z.string().max(1000).optional() });
export const AlertmanagerConfig = z.object({ url: z.string().url().max(2000) });
export const AlertmanagerSecrets = z.object({ token: z.string().max(2000).optional() });

export const ChannelType = z.enum(["webhook", "slack", "email", "alertmanager"]);
export type ChannelType = z.infer<typeof ChannelType>;

export const ChannelInput = z.discriminatedUnion("type", [
  z.object({ type: z.literal("webhook"), config: WebhookConfig, secrets: WebhookSecrets.default({}) }),
  z.object({ type: z.literal("slack"), config: z.object({}).default({}), secrets: SlackSecrets.default({}) }),
  z.object({ type: z.literal("email"), config: EmailConfig, secrets: EmailSecrets.default({}) }),
  z.object({ type: z.literal("alertmanager"), config: AlertmanagerConfig, secrets: AlertmanagerSecrets.default({}) }),
]);
export type ChannelInput = z.infer<typeof ChannelInput>;
