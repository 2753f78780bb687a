import { acceptsConsoleProtocol, RevisionMessage } from "@shoal/core";

// The messages themselves are core's (packages/core/src/wire), shared with the console.
export { RevisionMessage, type DriftReport, type HealthReport, type OpErrorReport, type StatusReport, type StatusReportInput } from "@shoal/core";

/** Checks a revision from the console or a file: a bad or too-new message is refused whole, with the reason. */
export function parseRevisionMessage(raw: unknown, source: string): RevisionMessage {
  const r = RevisionMessage.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`${source} sent an invalid revision: ${issues.join("; ")}${r.error.issues.length > 5 ? ` (+${r.error.issues.length - 5} more)` : ""}`);
  }
  const refused = acceptsConsoleProtocol(r.data.protocol);
  if (refused) throw new Error(`${source} sent revision ${r.data.revision} in a protocol this agent cannot read: ${refused.en}`);
  return r.data;
}
