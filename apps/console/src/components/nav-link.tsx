"use client";
import type { ReactNode } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";

/**
 * The shell is rendered on the server once per full load and kept across client navigations, so
 * what depends on the current path (the highlighted link, the expanded cluster) is decided here,
 * in the browser; the labels come translated from the server.
 */
export function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const pathname = usePathname();
  const active = href === "/" ? pathname === "/" : pathname.startsWith(href);
  return (
    // No prefetch: every console page is dynamic (per-user), so a prefetch is a full server
    // render per link; a dozen of them on each page load competed with the page itself (bench/console).
    <Link
      href={href}
      prefetch={false}
      aria-current={active ? "page" : undefined}
      className={`block rounded px-2 py-1 text-sm ${active ? "bg-sky-700 text-white" : "text-slate-200 hover:bg-slate-700"}`}
    >
      {children}
    </Link>
  );
}

/** A cluster's full section list while the operator is in it (or, outside any, in the first one); else one link. */
export function ClusterNav({ clusterId, first, full, collapsed }: { clusterId: string; first: boolean; full: ReactNode; collapsed: ReactNode }) {
  const pathname = usePathname();
  const inCluster = /^\/c\/([^/]+)/.exec(pathname)?.[1];
  return <>{inCluster === clusterId || (inCluster === undefined && first) ? full : collapsed}</>;
}
