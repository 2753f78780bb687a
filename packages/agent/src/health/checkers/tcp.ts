import { connect } from "node:net";
import type { CheckResult, CheckTarget } from "./types.ts";

/** Healthy when a TCP connection opens within the timeout (keepalived TCP_CHECK). */
export function checkTcp(target: CheckTarget, timeoutSec: number, signal?: AbortSignal): Promise<CheckResult> {
  return new Promise((resolve) => {
    const started = Date.now();
    const sock = connect({ host: target.address, port: target.port, timeout: timeoutSec * 1000, signal });
    const finish = (r: CheckResult) => {
      sock.destroy();
      resolve(r);
    };
    sock.once("connect", () => finish({ ok: true, message: `connected in ${Date.now() - started} ms` }));
    sock.once("timeout", () => finish({ ok: false, message: `no connection within ${timeoutSec} s` }));
    sock.once("error", (e: NodeJS.ErrnoException) => finish({ ok: false, message: `connect ${e.code ?? e.message}` }));
  });
}
