import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { serverApi } from "~/lib/server-api.ts";
import { Shell } from "~/components/shell.tsx";
import type { Role } from "~/components/session.tsx";

// Every page below needs a signed-in user; the API checks the role of every call again.
export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const { api, session } = await serverApi();
  if (!session) {
    const { needsSetup } = await api.setup.status();
    redirect(needsSetup ? "/setup" : "/login");
  }
  const clusters = await api.cluster.list();
  const user = { id: session.user.id, username: session.user.username, role: session.user.role as Role };
  return (
    <Shell user={user} clusters={clusters.map((c) => ({ id: c.id, name: c.name }))}>
      {children}
    </Shell>
  );
}
