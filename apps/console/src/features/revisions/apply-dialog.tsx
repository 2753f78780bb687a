"use client";
import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { Change } from "@shoal/api";
import type { Diagnostic } from "@shoal/core/diagnostics";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import { Field } from "~/components/field.tsx";
import { Notice } from "~/components/notice.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";
import { errorCode } from "~/lib/errors.ts";
import { ChangeList } from "./change-list.tsx";

interface Preview {
  nextNumber: number;
  draftVersion: number;
  diff: Change[];
  diagnostics: Diagnostic[];
  canApply: boolean;
}

/**
 * Apply shows exactly the diff it will record and sends the draft version it showed: if someone
 * changed the draft meanwhile the API answers CONFLICT and the fresh diff is shown instead.
 */
export function ApplyDialog({ clusterId, preview, onClose, onApplied }: { clusterId: string; preview: Preview; onClose: () => void; onApplied: (n: number) => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [message, setMessage] = useState("");
  const [shown, setShown] = useState(preview);
  const fresh = useQuery({ ...trpc.revision.preview.queryOptions({ clusterId }), enabled: false });
  const apply = useMutation(
    trpc.revision.applyDraft.mutationOptions({
      onSuccess: (r) => onApplied(r.number),
      onError: async (e) => {
        if (errorCode(e) === "CONFLICT") {
          const r = await fresh.refetch();
          if (r.data) setShown(r.data);
        }
      },
    }),
  );
  const conflict = errorCode(apply.error) === "CONFLICT";
  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center bg-slate-900/40 p-8" role="dialog" aria-modal="true" data-testid="apply-dialog">
      <div className="panel flex max-h-full w-full max-w-4xl flex-col">
        <div className="panel-title">
          {t("rev.applyTitle")} → #{shown.nextNumber}
        </div>
        <div className="flex min-h-0 flex-col gap-3 overflow-auto p-3">
          {conflict ? (
            <Notice tone="error" testId="apply-conflict">
              {t("rev.conflict")}
            </Notice>
          ) : null}
          {!shown.canApply ? <Notice tone="error">{t("rev.invalid")}</Notice> : null}
          <div className="rounded border border-slate-200">
            <ChangeList changes={shown.diff} testId="apply-diff" />
          </div>
          <Field label={t("rev.message")}>
            <input value={message} onChange={(e) => setMessage(e.target.value)} data-testid="apply-message" />
          </Field>
          {apply.isError && !conflict ? <ErrorNotice error={apply.error} /> : null}
          <div className="flex gap-2">
            <button
              type="button"
              className="btn btn-primary"
              disabled={!shown.canApply || apply.isPending}
              data-testid="apply-confirm"
              onClick={() => apply.mutate({ clusterId, message, draftVersion: shown.draftVersion })}
            >
              {t("rev.applyConfirm")}
            </button>
            <button type="button" className="btn" onClick={onClose}>
              {t("common.cancel")}
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}
