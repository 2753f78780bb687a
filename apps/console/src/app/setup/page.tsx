import { getT } from "~/i18n/server.ts";
import { LangSwitch } from "~/components/lang-switch.tsx";
import { SetupForm } from "./setup-form.tsx";

export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const t = await getT();
  const { token } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center">
      <div className="panel w-96">
        <div className="panel-title flex items-center justify-between">
          <span>
            {t("app.name")} · {t("setup.title")}
          </span>
          <LangSwitch />
        </div>
        <div className="p-4">
          <p className="mb-3 text-sm text-slate-600">{t("setup.intro")}</p>
          <SetupForm token={token ?? ""} />
        </div>
      </div>
    </main>
  );
}
