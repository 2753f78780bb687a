import { handleExportRequest } from "@shoal/api";

// Zip downloads (per director or cluster): a plain response, not JSON, so not a tRPC call.
export const dynamic = "force-dynamic";

export const GET = (req: Request) => handleExportRequest(req);
