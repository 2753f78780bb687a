"use client";
import type { ReactNode } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useI18n } from "~/i18n/client.tsx";
import type { MessageKey } from "~/i18n/index.ts";
import { LangSwitch } from "./lang-switch.tsx";
import { LogoutButton } from "./logout-button.tsx";
import { SessionProvider, type SessionUser } from "./session.tsx";

const CLUSTER_NAV: [string, MessageKey][] = [
  ["services", "nav.services"],
  ["monitor", "nav.monitor"],
  ["health", "nav.health"],
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

export function Shell({ user, clusters, children }: { user: SessionUser; clusters: ClusterLink[]; children: ReactNode }) {
  const { t } = useI18n();
  const pathname = usePathname();
  const current = /^\/c\/([^/]+)/.exec(pathname)?.[1] ?? clusters[0]?.id;
  const item = (href: string, key: MessageKey) => {
    const active = href === "/" ? pathname === "/" : pathname.startsWith(href);
    return (
      // No prefetch: every console page is dynamic (per-user), so a prefetch is a full server
      // render per link; a dozen of them on each page load competed with the page itself (bench/console).
      <Link
        key={href}
        href={href}
        prefetch={false}
        className={`block rounded px-2 py-1 text-sm ${active ? "bg-sky-700 text-white" : "text-slate-200 hover:bg-slate-700"}`}
      >
        {t(key)}
      </Link>
    );
  };
  return (
    <SessionProvider user={user}>
      <div className="flex min-h-screen">
        <nav className="flex w-52 shrink-0 flex-col gap-1 bg-slate-800 p-2" aria-label="main">
          <div className="mb-2 px-2 pt-1">
            <div className="text-base font-bold text-white">{t("app.name")}</div>
            <div className="text-xs text-slate-400">{t("app.tagline")}</div>
          </div>
          {item("/", "nav.overview")}
          {clusters.map((c) => (
            <div key={c.id} className="mt-2">
              <div className="px-2 text-xs uppercase tracking-wide text-slate-400">
                {t("nav.cluster")}: <span className="normal-case text-slate-200">{c.name}</span>
              </div>
              {c.id === current ? CLUSTER_NAV.map(([seg, key]) => item(`/c/${c.id}/${seg}`, key)) : (
                <Link href={`/c/${c.id}/services`} prefetch={false} className="block px-2 py-1 text-sm text-slate-300 hover:underline">
                  {t("nav.services")}
                </Link>
              )}
            </div>
          ))}
          <div className="mt-2 border-t border-slate-700 pt-2">
            {user.role === "admin" ? item("/users", "nav.users") : null}
            {user.role === "admin" ? item("/audit", "nav.audit") : null}
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
          <main className="min-w-0 flex-1 p-4">{children}</main>
        </div>
      </div>
    </SessionProvider>
  );
}
