import { readFile } from "node:fs/promises";
import { ConnectionQuery, ConsoleRequest, listConnections, parseProcIpvsConn, type ConnectionAnswer } from "@shoal/core";
import type { Logger } from "../log.ts";
import { Backoff } from "../util/backoff.ts";
import { sleep } from "../util/sleep.ts";
import type { ConsoleClient } from "./client.ts";

/** Reads the kernel's connection table; /proc/net/ip_vs_conn by default (what ipvsadm -Lcn reads). */
export type ConnTableReader = () => Promise<string>;

export const readProcConnTable: ConnTableReader = () => readFile("/proc/net/ip_vs_conn", "utf8");

/**
 * Answers one request. Never throws: a failure becomes `{ ok: false, error }`, which the console
 * shows to the operator who asked.
 */
export async function answerConsoleRequest(raw: unknown, read: ConnTableReader = readProcConnTable, now = Date.now): Promise<{ id: string | null; answer: ConnectionAnswer }> {
  const req = ConsoleRequest.safeParse(raw);
  if (!req.success) {
    const first = req.error.issues[0]!;
    const id = typeof (raw as { id?: unknown })?.id === "string" ? (raw as { id: string }).id : null;
    return { id, answer: { ok: false, error: `invalid request from the console: ${first.path.join(".") || "(root)"}: ${first.message}` } };
  }
  const { id, kind, body } = req.data;
  if (kind !== "connections") return { id, answer: { ok: false, error: `this agent does not know requests of kind "${kind}" (upgrade it)` } };
  const q = ConnectionQuery.safeParse(body);
  if (!q.success) {
    const first = q.error.issues[0]!;
    return { id, answer: { ok: false, error: `invalid connection query: ${first.path.join(".") || "(root)"}: ${first.message}` } };
  }
  let text: string;
  try {
    text = await read();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === "ENOENT" ? "/proc/net/ip_vs_conn does not exist (no IPVS in this kernel, or the ip_vs module is not loaded)" : err.message;
    return { id, answer: { ok: false, error: why } };
  }
  const parsed = parseProcIpvsConn(text);
  if (!parsed.ok) {
    const e = parsed.errors[0]!;
    return { id, answer: { ok: false, error: `/proc/net/ip_vs_conn line ${e.line}, column ${e.column}: ${e.message.en}` } };
  }
  return { id, answer: { ok: true, listing: listConnections(parsed.value, q.data, now()) } };
}

/**
 * The agent's side of console requests: long-polls, answers, repeats until `signal` aborts. A
 * console that does not know the route (older) or is away is retried with backoff; the data
 * plane never depends on this loop.
 */
export async function serveConsoleRequests(client: ConsoleClient, log: Logger, signal: AbortSignal, read: ConnTableReader = readProcConnTable, waitSeconds = 25): Promise<void> {
  const backoff = new Backoff({ baseMs: 1_000, maxMs: 60_000, jitter: 0.5 });
  while (!signal.aborted) {
    try {
      const raw = await client.nextRequest(waitSeconds, signal);
      backoff.succeed();
      if (raw === undefined) continue;
      const { id, answer } = await answerConsoleRequest(raw, read);
      if (!answer.ok) log.warn({ err: answer.error }, "console request not served");
      if (id !== null && (await client.answerRequest(id, answer, signal)) === "expired") log.info({ id }, "console request expired before the answer arrived");
    } catch (e) {
      if (signal.aborted) return;
      const delay = backoff.fail();
      log.debug({ err: (e as Error).message, retryInMs: delay }, "console requests unavailable");
      await sleep(delay, signal);
    }
  }
}
