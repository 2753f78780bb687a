import { cache } from "react";
import { cookies, headers } from "next/headers";
import { appRouter, createContext, getDb, SESSION_COOKIE } from "@shoal/api";

/**
 * The API called in-process from server components, with the visitor's own session: the same
 * procedures, roles and checks as over HTTP. Cached per request: layout and page share one session lookup.
 */
export const serverApi = cache(async () => {
  const h = await headers();
  const ctx = await createContext({
    db: getDb(),
    req: {
      ip: null,
      userAgent: h.get("user-agent"),
      secure: h.get("x-forwarded-proto") === "https",
      sessionToken: (await cookies()).get(SESSION_COOKIE)?.value ?? null,
    },
  });
  return { api: appRouter.createCaller(ctx), session: ctx.session };
});
