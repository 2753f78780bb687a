"use client";
import { useI18n } from "~/i18n/client.tsx";
import { diagnosticsOf, messageOf } from "~/lib/errors.ts";
import { Notice } from "./notice.tsx";

/** Shows an API error in the operator's language: its diagnostics if any, else its message. */
export function ErrorNotice({ error, testId }: { error: unknown; testId?: string }) {
  const { m } = useI18n();
  const diags = diagnosticsOf(error);
  const msg = messageOf(error);
  const fallback = error instanceof Error ? error.message : String(error);
  return (
    <Notice tone="error" testId={testId}>
      {msg ? <p>{m(msg)}</p> : null}
      {diags.length ? (
        <ul className="list-disc pl-4">
          {diags.map((d, i) => (
            <li key={i}>
              {d.path?.length ? <code className="mr-1">{d.path.join(".")}</code> : null}
              {m(d.message)}
            </li>
          ))}
        </ul>
      ) : msg ? null : (
        <p>{fallback}</p>
      )}
    </Notice>
  );
}
