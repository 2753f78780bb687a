"use client";
import type { Change } from "@shoal/api";
import { useI18n } from "~/i18n/client.tsx";

const tone = { added: "text-emerald-700", removed: "text-red-700", changed: "text-amber-700" } as const;
const sign = { added: "+", removed: "−", changed: "~" } as const;

/** A structural diff as operators read it: "+ tcp 10.0.0.1:80 -> 10.0.1.5:80", with changed fields. */
export function ChangeList({ changes, testId }: { changes: Change[]; testId?: string }) {
  const { t } = useI18n();
  if (!changes.length) return <p className="p-3 text-sm text-slate-500">{t("rev.noChanges")}</p>;
  return (
    <ul className="divide-y divide-slate-100 font-mono text-xs" data-testid={testId}>
      {changes.map((c, i) => (
        <li key={i} className="px-3 py-1" data-kind={c.kind}>
          <details>
            <summary className={`cursor-pointer ${tone[c.kind]}`}>
              {sign[c.kind]} {c.object} {c.key}
              {c.fields?.length ? <span className="text-slate-500"> ({c.fields.join(", ")})</span> : null}
            </summary>
            <div className="grid grid-cols-2 gap-2 py-1">
              <pre className="overflow-auto bg-red-50 p-1">{c.before === undefined ? "" : JSON.stringify(c.before, null, 2)}</pre>
              <pre className="overflow-auto bg-emerald-50 p-1">{c.after === undefined ? "" : JSON.stringify(c.after, null, 2)}</pre>
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
