import { z } from "zod";

/** What happens to a failing real server: quiesce = weight 0 (Piranha quiesce_server,
 * keepalived inhibit_on_failure), existing connections finish; remove = taken out of the table. */
export const ON_FAILURE = ["quiesce", "remove"] as const;
export const OnFailure = z.enum(ON_FAILURE);
export type OnFailure = z.infer<typeof OnFailure>;

const port = z.number().int().min(1).max(65535);

/** Fields every checker shares. Times are seconds, as in keepalived and lvs.cf. */
const common = {
  /** Seconds between checks (keepalived delay_loop, lvs.cf reentry-ish). */
  interval: z.number().int().min(1).max(86_400).default(6),
  /** Seconds before one attempt counts as failed (connect_timeout, lvs.cf timeout). */
  timeout: z.number().int().min(1).max(3_600).default(3),
  /** Consecutive successes before a failed real server is put back. */
  rise: z.number().int().min(1).max(100).default(1),
  /** Consecutive failures before a real server is taken out. */
  fall: z.number().int().min(1).max(100).default(3),
  onFailure: OnFailure.default("quiesce"),
  /** Port to check; default is the real server's own port. */
  port: port.optional(),
};

export const HealthCheckNone = z.object({ type: z.literal("none") });

export const HealthCheckTcp = z.object({ type: z.literal("tcp"), ...common });

const httpFields = {
  ...common,
  path: z.string().min(1).max(2048).startsWith("/").default("/"),
  /** Accepted HTTP status codes. */
  expectStatus: z.array(z.number().int().min(100).max(599)).min(1).default([200]),
  /** Regular expression the body must match (keepalived regex, needs 2.2+). */
  bodyRegex: z.string().max(1024).optional(),
  /** Host header (keepalived virtualhost). */
  host: z.string().max(255).optional(),
};
export const HealthCheckHttp = z.object({ type: z.literal("http"), ...httpFields });
export const HealthCheckHttps = z.object({
  type: z.literal("https"),
  ...httpFields,
  /** Verify the real server's certificate (off by default: real servers often use internal certs). */
  verifyTls: z.boolean().default(false),
});

/** Piranha nanny style: send a string over TCP, expect a string or regex back. */
export const HealthCheckSendExpect = z.object({
  type: z.literal("send-expect"),
  ...common,
  send: z.string().max(4096).default(""),
  expect: z.string().min(1).max(4096),
  useRegex: z.boolean().default(false),
});

/** External program; %h is replaced by the real server address and %p by its port. Exit 0 = healthy. */
export const HealthCheckExternal = z.object({
  type: z.literal("external"),
  ...common,
  command: z.string().min(1).max(4096),
});

export const HealthCheck = z.discriminatedUnion("type", [HealthCheckNone, HealthCheckTcp, HealthCheckHttp, HealthCheckHttps, HealthCheckSendExpect, HealthCheckExternal]);
export type HealthCheck = z.infer<typeof HealthCheck>;
export type HealthCheckInput = z.input<typeof HealthCheck>;
export type HealthCheckType = HealthCheck["type"];
export const HEALTH_CHECK_TYPES = ["none", "tcp", "http", "https", "send-expect", "external"] as const;
