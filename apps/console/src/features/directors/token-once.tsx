"use client";
import { useI18n } from "~/i18n/client.tsx";
import { CopyButton } from "~/components/copy-button.tsx";

/** The enrollment token exists in the browser only until this is closed: the API keeps a hash. */
export function TokenOnce({ name, token, onClose }: { name: string; token: string; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <div className="panel border-amber-400" data-testid="enrollment-token">
      <div className="panel-title bg-amber-50">
        {t("dir.token")}: {name}
      </div>
      <div className="flex flex-col gap-2 p-3">
        <p className="text-sm text-amber-900">{t("dir.tokenOnce")}</p>
        <div className="flex items-center gap-2">
          <code className="rounded bg-slate-100 px-2 py-1" data-testid="enrollment-token-value">
            {token}
          </code>
          <CopyButton text={token} />
          <button type="button" className="btn" onClick={onClose}>
            {t("common.close")}
          </button>
        </div>
      </div>
    </div>
  );
}
