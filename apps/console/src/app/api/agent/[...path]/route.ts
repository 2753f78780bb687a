import { handleAgentRequest } from "@shoal/api";
import { ingestRequest } from "@shoal/telemetry";

// Directors' agents poll here with their enrollment token; the API authenticates them.
export const dynamic = "force-dynamic";

// Live samples (POST v1/samples) go to the telemetry store after the same token check.
const handler = (req: Request) => handleAgentRequest(req, { samples: ingestRequest });
export { handler as GET, handler as POST, handler as PUT };
