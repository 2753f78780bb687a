import type { HealthCheck } from "@shoal/core";
import { checkExternal } from "./external.ts";
import { checkHttp } from "./http.ts";
import { checkSendExpect } from "./send-expect.ts";
import { checkTcp } from "./tcp.ts";
import type { CheckResult, CheckTarget } from "./types.ts";

export type { CheckResult, CheckTarget } from "./types.ts";

/** Runs one attempt of a check against a real server. `none` is always healthy. */
export function runCheck(spec: HealthCheck, target: CheckTarget, signal?: AbortSignal): Promise<CheckResult> {
  switch (spec.type) {
    case "none":
      return Promise.resolve({ ok: true, message: "not checked" });
    case "tcp":
      return checkTcp(target, spec.timeout, signal);
    case "http":
    case "https":
      return checkHttp(target, spec, signal);
    case "send-expect":
      return checkSendExpect(target, spec, signal);
    case "external":
      return checkExternal(target, spec.command, spec.timeout, signal);
  }
}
