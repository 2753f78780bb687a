import { readFile, stat } from "node:fs/promises";
import type { Logger } from "../log.ts";
import { Backoff, type BackoffOptions, DEFAULT_BACKOFF } from "../util/backoff.ts";
import { sleep } from "../util/sleep.ts";
import { ConsoleClient, ConsoleError } from "./client.ts";
import { parseRevisionMessage, type RevisionMessage } from "./protocol.ts";

/** Where revisions come from: the console (long-poll) or a local file (air-gapped, lab). */
export interface RevisionSource {
  /** Runs until `signal` aborts, calling `onRevision` for each newer revision. Never throws. */
  run(after: number | null, onRevision: (r: RevisionMessage) => void, signal: AbortSignal): Promise<void>;
  /** True while the source answers; for status and logs. */
  readonly online: boolean;
  readonly lastError: string | undefined;
}

/**
 * Long-polls the console. On any failure it waits with exponential backoff and jitter and tries
 * again; the data plane is not touched while the console is away.
 */
export class ConsoleRevisionSource implements RevisionSource {
  online = false;
  lastError: string | undefined;
  constructor(
    private readonly client: ConsoleClient,
    private readonly waitSeconds: number,
    private readonly log: Logger,
    private readonly backoffOpts: BackoffOptions = DEFAULT_BACKOFF,
  ) {}

  async run(after: number | null, onRevision: (r: RevisionMessage) => void, signal: AbortSignal): Promise<void> {
    const backoff = new Backoff(this.backoffOpts);
    let last = after;
    while (!signal.aborted) {
      try {
        const msg = await this.client.waitRevision(last, this.waitSeconds, signal);
        if (!this.online) this.log.info({ after: last }, "console reachable");
        this.online = true;
        this.lastError = undefined;
        backoff.succeed();
        if (msg && (last === null || msg.revision > last)) {
          last = msg.revision;
          onRevision(msg);
        }
      } catch (e) {
        if (signal.aborted) return;
        const fatal = e instanceof ConsoleError && !e.retry;
        const delay = backoff.fail();
        if (this.online || this.lastError !== (e as Error).message) {
          this.log.warn({ err: (e as Error).message, retryInMs: delay, attempt: backoff.attempts }, "console unavailable; kernel table left as it is");
        }
        this.online = false;
        this.lastError = (e as Error).message;
        // A refused token will not fix itself quickly, but an operator may re-enroll: keep trying slowly.
        await sleep(fatal ? Math.max(delay, 30_000) : delay, signal);
      }
    }
  }
}

/** Re-reads a revision JSON file ({revision, cluster}) every `intervalMs`; newer revisions are emitted. */
export class FileRevisionSource implements RevisionSource {
  online = false;
  lastError: string | undefined;
  constructor(
    private readonly path: string,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  async run(after: number | null, onRevision: (r: RevisionMessage) => void, signal: AbortSignal): Promise<void> {
    let last = after;
    // a 10,000-service revision is ~10 MB of JSON: parsed (and validated) again only when the
    // file was replaced or written, not every poll
    let seen = "";
    while (!signal.aborted) {
      try {
        const st = await stat(this.path);
        const id = `${st.ino} ${st.size} ${st.mtimeMs} ${st.ctimeMs}`;
        if (id === seen && this.online) {
          await sleep(this.intervalMs, signal);
          continue;
        }
        const msg = await readRevisionFile(this.path);
        seen = id;
        this.online = true;
        this.lastError = undefined;
        if (last === null || msg.revision > last) {
          last = msg.revision;
          onRevision(msg);
        }
      } catch (e) {
        if (this.lastError !== (e as Error).message) this.log.warn({ err: (e as Error).message }, "revision file unusable");
        this.online = false;
        this.lastError = (e as Error).message;
      }
      await sleep(this.intervalMs, signal);
    }
  }
}

export async function readRevisionFile(path: string): Promise<RevisionMessage> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    throw new Error(`revision file ${path}: ${(e as Error).message}`, { cause: e });
  }
  return parseRevisionMessage(raw, `revision file ${path}`);
}
