import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Db } from "@shoal/db";
import { createTRPCContext } from "../context.ts";
import { appRouter } from "../root.ts";

/** For the console's route handler at /api/trpc/[trpc]: GET and POST both go here. */
export function handleTrpcRequest(req: Request, opts: { db?: Db; endpoint?: string } = {}): Promise<Response> {
  return fetchRequestHandler({
    endpoint: opts.endpoint ?? "/api/trpc",
    req,
    router: appRouter,
    createContext: ({ req, resHeaders }) => createTRPCContext({ req, resHeaders }, opts.db),
  });
}
