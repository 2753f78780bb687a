import { getT } from "~/i18n/server.ts";
import { LoginForm } from "./login-form.tsx";
import { LangSwitch } from "~/components/lang-switch.tsx";

export default async function LoginPage() {
  const t = await getT();
  return (
    <main className="flex min-h-screen items-center justify-center">
      <div className="panel w-80">
        <div className="panel-title flex items-center justify-between">
          <span>
            {t("app.name")} · {t("login.title")}
          </span>
          <LangSwitch />
        </div>
        <div className="p-4">
          <LoginForm />
        </div>
      </div>
    </main>
  );
}
