import type { ReactNode } from "react";
import Link from "next/link";
import { getT } from "~/i18n/server.ts";
import type { MessageKey } from "~/i18n/locale.ts";
import { LangSwitch } from "./lang-switch.tsx";
import { LogoutButton } from "./logout-button.tsx";
import { ClusterNav, NavLink } from "./nav-link.tsx";
import { SessionProvider, type SessionUser } from "./session.tsx";

const CLUSTER_NAV: [string, MessageKey][] = [
  ["services", "nav.services"],
  ["monitor", "nav.monitor"],
  ["health", "nav.health"],
  ["events", "nav.events"],
  ["alerts", "nav.alerts"],
  ["directors", "nav.directors"],
  ["settings", "nav.settings"],
  ["vrrp", "nav.vrrp"],
  ["revisions", "nav.revisions"],
  ["export", "nav.export"],
  ["import", "nav.import"],
];

export interface ClusterLink {
  id: string;
  name: string;
}

/**
 * A server component: the frame of every signed-in page is HTML the browser does not hydrate;
 * only the links (current-page highlight), the language switch and sign-out are client islands.
 */
export async function Shell({ user, clusters, children }: { user: SessionUser; clusters: ClusterLink[]; children: ReactNode }) {
  const t = await getT();
  return (
    <div className="flex min-h-screen">
      <nav className="flex w-52 shrink-0 flex-col gap-1 bg-slate-800 p-2" aria-label="main">
        <div className="mb-2 px-2 pt-1">
          <div className="text-base font-bold text-white">{t("app.name")}</div>
          <div className="text-xs text-slate-400">{t("app.tagline")}</div>
        </div>
        <NavLink href="/">{t("nav.overview")}</NavLink>
        {clusters.map((c, i) => (
          <div key={c.id} className="mt-2">
            <div className="px-2 text-xs uppercase tracking-wide text-slate-400">
              {t("nav.cluster")}: <span className="normal-case text-slate-200">{c.name}</span>
            </div>
            <ClusterNav
              clusterId={c.id}
              first={i === 0}
              full={CLUSTER_NAV.map(([seg, key]) => (
                <NavLink key={seg} href={`/c/${c.id}/${seg}`}>
                  {t(key)}
                </NavLink>
              ))}
              collapsed={
                <Link href={`/c/${c.id}/services`} prefetch={false} className="block px-2 py-1 text-sm text-slate-300 hover:underline">
                  {t("nav.services")}
                </Link>
              }
            />
          </div>
        ))}
        <div className="mt-2 border-t border-slate-700 pt-2">
          {user.role === "admin" ? <NavLink href="/users">{t("nav.users")}</NavLink> : null}
          {user.role === "admin" ? <NavLink href="/audit">{t("nav.audit")}</NavLink> : null}
        </div>
      </nav>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-end gap-3 border-b border-slate-300 bg-white px-4 py-1.5 text-xs text-slate-600">
          <span data-testid="whoami">{t("nav.signedInAs", { user: user.username, role: t(`users.role.${user.role}`) })}</span>
          <LangSwitch />
          <LogoutButton />
        </header>
        {user.role === "viewer" ? (
          <div className="border-b border-amber-300 bg-amber-50 px-4 py-1 text-xs text-amber-900" data-testid="read-only-banner">
            {t("common.readOnly")}
          </div>
        ) : null}
        {/* The session reaches client pages (edit controls for non-viewers) through context. */}
        <main className="min-w-0 flex-1 p-4">
          <SessionProvider user={user}>{children}</SessionProvider>
        </main>
      </div>
    </div>
  );
}
