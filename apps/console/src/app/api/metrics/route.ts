import { handleMetricsRequest } from "@shoal/api";

// Prometheus scrapes the console's event and alert metrics here (bearer SHOAL_METRICS_TOKEN).
export const dynamic = "force-dynamic";
export const GET = (req: Request) => handleMetricsRequest(req);
