import type { Role } from "../roles.ts";
import { roleAtLeast } from "../roles.ts";

/**
 * Channel secrets (SMTP password, bearer token, a Slack URL whose path is its token) are write-only
 * below admin. Every read path of a channel goes through here, so switching to the shared
 * redaction mechanism (issue: security) is one function.
 */
export function channelSecretsView(secrets: Record<string, string>, role: Role): Record<string, string | { set: true }> {
  const out: Record<string, string | { set: true }> = {};
  for (const [k, v] of Object.entries(secrets)) if (v) out[k] = roleAtLeast(role, "admin") ? v : { set: true };
  return out;
}

/** A write that leaves a secret field out (or empty) keeps the stored one: forms never echo secrets. */
export function mergeSecrets(stored: Record<string, string>, incoming: Record<string, string | undefined>): Record<string, string> {
  const out = { ...stored };
  for (const [k, v] of Object.entries(incoming)) if (v !== undefined && v !== "") out[k] = v;
  return out;
}
