import { handleAgentRequest } from "@shoal/api";

// Directors' agents poll here with their enrollment token; the API authenticates them.
export const dynamic = "force-dynamic";

const handler = (req: Request) => handleAgentRequest(req);
export { handler as GET, handler as POST, handler as PUT };
