import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One alert in a received webhook body (Shoal's generic shape, shoal.alert/1). */
export interface ReceivedAlert {
  status: string;
  eventId: string;
  message: string;
  realServer?: string;
  [field: string]: unknown;
}
/** A received webhook body: the generic shape's alerts, or a Slack/Mattermost `text`. */
export interface ReceivedBody {
  version?: string;
  text?: string;
  alerts: ReceivedAlert[];
  [field: string]: unknown;
}

/** A real HTTP receiver: records JSON bodies; `failNext` answers that many requests with 500. */
export async function webhookReceiver(opts: { delayMs?: number } = {}) {
  const bodies: { headers: Record<string, unknown>; body: ReceivedBody; at: number }[] = [];
  const state = { failNext: 0, delayMs: opts.delayMs ?? 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply = () => {
        if (state.failNext > 0) {
          state.failNext--;
          res.writeHead(500).end("receiver is down for maintenance");
          return;
        }
        bodies.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")), at: Date.now() });
        res.writeHead(200).end("ok");
      };
      if (state.delayMs) setTimeout(reply, state.delayMs);
      else reply();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/hook`, port, bodies, state, server, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A real SMTP server (smtp-server): STARTTLS with its built-in certificate, AUTH, and a recipient it refuses with 550. */
export async function smtpReceiver(user: string, pass: string) {
  const mails: { from: string; to: string[]; raw: string; secure: boolean; user: string | undefined }[] = [];
  const server = new SMTPServer({
    authOptional: false,
    onAuth(auth, _s, cb) {
      if (auth.username === user && auth.password === pass) return cb(null, { user });
      cb(new Error("535 authentication failed"));
    },
    onRcptTo(addr, _s, cb) {
      if (addr.address.startsWith("nobody@")) {
        const e = new Error("mailbox unavailable") as Error & { responseCode: number };
        e.responseCode = 550;
        return cb(e);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({
          from: String(session.envelope.mailFrom && session.envelope.mailFrom.address),
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          secure: session.secure,
          user: session.user as string | undefined,
        });
        cb();
      });
    },
    logger: false,
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Debian's prometheus-alertmanager, started on a free port in a temp dir; null where not installed. */
export async function alertmanager(dir: string): Promise<{ url: string; stop: () => void } | null> {
  const { existsSync, writeFileSync } = await import("node:fs");
  const bin = ["/usr/bin/prometheus-alertmanager", "/usr/bin/alertmanager"].find((b) => existsSync(b));
  if (!bin) return null;
  const port = 19093 + Math.floor(Math.random() * 500);
  writeFileSync(`${dir}/am.yml`, "route:\n  receiver: none\nreceivers:\n  - name: none\n");
  const p: ChildProcess = spawn(bin, [`--config.file=${dir}/am.yml`, `--storage.path=${dir}/am-data`, `--web.listen-address=127.0.0.1:${port}`, "--cluster.listen-address="], {
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      p.kill("SIGKILL");
      throw new Error("alertmanager did not become ready in 20 s");
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, stop: () => p.kill("SIGKILL") };
}

/** Polls `f` until it returns a truthy value or the deadline passes (no timing assertion: the outcome is asserted). */
export async function until<T>(f: () => Promise<T> | T, what: string, ms = 20_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
