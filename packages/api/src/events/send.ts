import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import nodemailer from "nodemailer";
import { renderAlert, type AlertEvent, type AlertLocale } from "@shoal/core";
import { guardedLookup, refusedAddress, RefusedTarget, urlPort } from "./ssrf.ts";
import type { ChannelType } from "./channel-config.ts";

export interface Outgoing {
  event: AlertEvent;
  status: "firing" | "resolved";
  link: string;
  /** Outbox row id: receivers deduplicate repeats of an at-least-once delivery by it. */
  deliveryId: number;
}

export interface ChannelRow {
  type: ChannelType;
  locale: AlertLocale;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

/** Per request (SHOAL_ALERT_TIMEOUT_MS, default 10 s): a receiver that hangs is a failure to retry. */
const timeoutMs = () => Number(process.env.SHOAL_ALERT_TIMEOUT_MS ?? 10_000);

/** POST JSON, refusing forbidden addresses at connect time; resolves on 2xx, throws with the reason otherwise. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<void> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) {
    const why = refusedAddress(host, urlPort(u));
    if (why) throw new RefusedTarget(why);
  }
  const data = Buffer.from(JSON.stringify(body));
  const mod = u.protocol === "https:" ? https : http;
  await new Promise<void>((resolve, reject) => {
    const req = mod.request(
      u,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(data.length), "user-agent": "shoal-console", ...headers },
        lookup: guardedLookup(urlPort(u)) as never,
        timeout: timeoutMs(),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.length < 16 && chunks.push(c));
        res.on("end", () => {
          if (res.statusCode && res.statusCode >= 200 && res.statusCode < 300) return resolve();
          const text = Buffer.concat(chunks).toString("utf8").slice(0, 300).trim();
          reject(new Error(`HTTP ${res.statusCode}${text ? `: ${text}` : ""}`));
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timed out after ${timeoutMs()} ms`)));
    req.on("error", reject);
    req.end(data);
  });
}

/** The generic webhook body (schema documented in packages/api/README.md, version shoal.alert/1). */
export function genericBody(c: ChannelRow, items: Outgoing[]) {
  return {
    version: "shoal.alert/1",
    alerts: items.map((o) => {
      const m = renderAlert(o.event, o.status, c.locale, o.link);
      const e = o.event;
      return {
        deliveryId: o.deliveryId,
        eventId: e.id,
        status: o.status,
        kind: e.kind,
        severity: e.severity,
        cluster: e.cluster,
        director: e.director ?? null,
        service: e.service ?? null,
        realServer: e.dest ?? null,
        message: e.message,
        startedAt: e.startedAt,
        endedAt: e.endedAt ?? null,
        title: m.title,
        text: m.text,
        url: o.link,
      };
    }),
  };
}

export function alertmanagerBody(c: ChannelRow, items: Outgoing[]) {
  return items.map((o) => {
    const e = o.event;
    const m = renderAlert(e, o.status, c.locale, o.link);
    const labels: Record<string, string> = { alertname: `shoal_${e.kind.replace(/\./g, "_")}`, severity: e.severity, source: "shoal", shoal_event: e.id };
    if (e.cluster) labels.cluster = e.cluster;
    if (e.director) labels.director = e.director;
    if (e.service) labels.service = e.service;
    if (e.dest) labels.real_server = e.dest;
    return {
      labels,
      annotations: { summary: m.title, description: m.text },
      startsAt: e.startedAt,
      ...(o.status === "resolved" ? { endsAt: e.endedAt ?? new Date().toISOString() } : {}),
      generatorURL: o.link,
    };
  });
}

/** Sends a batch to one channel; throws with the receiver's reason. */
export async function sendToChannel(c: ChannelRow, items: Outgoing[]): Promise<void> {
  const bearer = (t?: string): Record<string, string> => (t ? { authorization: `Bearer ${t}` } : {});
  switch (c.type) {
    case "webhook":
      return postJson(String(c.config.url), genericBody(c, items), bearer(c.secrets.token));
    case "slack": {
      const text = items.map((o) => {
        const m = renderAlert(o.event, o.status, c.locale, o.link);
        return `*${m.title}*\n${m.text}`;
      });
      if (!c.secrets.url) throw new Error("no incoming-webhook URL set");
      return postJson(c.secrets.url, { text: text.join("\n\n") });
    }
    case "alertmanager":
      return postJson(`${String(c.config.url).replace(/\/$/, "")}/api/v2/alerts`, alertmanagerBody(c, items), bearer(c.secrets.token));
    case "email": {
      const cfg = c.config as { host: string; port: number; secure: boolean; starttls: boolean; user?: string; from: string; to: string[]; allowInvalidCert?: boolean };
      const t = nodemailer.createTransport({
        host: cfg.host,
        port: cfg.port,
        secure: cfg.secure,
        requireTLS: !cfg.secure && cfg.starttls,
        ignoreTLS: !cfg.secure && !cfg.starttls,
        ...(cfg.user ? { auth: { user: cfg.user, pass: c.secrets.password ?? "" } } : {}),
        connectionTimeout: timeoutMs(),
        greetingTimeout: timeoutMs(),
        socketTimeout: timeoutMs(),
        tls: { rejectUnauthorized: !cfg.allowInvalidCert },
      });
      try {
        for (const o of items) {
          const m = renderAlert(o.event, o.status, c.locale, o.link);
          await t.sendMail({ from: cfg.from, to: cfg.to, subject: m.title, text: m.text, headers: { "X-Shoal-Event": o.event.id, "X-Shoal-Delivery": String(o.deliveryId) } });
        }
      } finally {
        t.close();
      }
    }
  }
}
