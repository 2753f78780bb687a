import { spawn } from "node:child_process";
import type { CheckResult, CheckTarget } from "./types.ts";

/** %h -> real server address, %p -> port, %% -> % (Piranha / keepalived MISC_CHECK style). */
export function substitute(command: string, target: CheckTarget): string {
  return command.replace(/%([hp%])/g, (_m, c: string) => (c === "h" ? target.address : c === "p" ? String(target.port) : "%"));
}

/**
 * Runs an operator's program through /bin/sh; exit 0 = healthy. The whole process group is
 * killed at the timeout so a hung script cannot pile up copies every interval.
 */
export function checkExternal(target: CheckTarget, command: string, timeoutSec: number, signal?: AbortSignal): Promise<CheckResult> {
  return new Promise((resolve) => {
    const child = spawn("/bin/sh", ["-c", substitute(command, target)], { detached: true, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let done = false;
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    };
    const finish = (r: CheckResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve(r);
    };
    const onAbort = () => {
      kill();
      finish({ ok: false, message: "check cancelled" });
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => {
      kill();
      finish({ ok: false, message: `no exit within ${timeoutSec} s (killed)` });
    }, timeoutSec * 1000);
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (s: string) => {
      if (stderr.length < 4096) stderr += s;
    });
    child.once("error", (e) => finish({ ok: false, message: `cannot run: ${e.message}` }));
    child.once("close", (code, sig) => {
      const last = stderr.trim().split("\n").pop() ?? "";
      if (code === 0) finish({ ok: true, message: "exit 0" });
      else finish({ ok: false, message: `${sig ? `killed by ${sig}` : `exit ${code}`}${last ? `: ${last.slice(0, 200)}` : ""}` });
    });
  });
}
