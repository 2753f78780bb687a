/**
 * The live-samples route of the agent API (POST v1/samples), for mounting with
 * handleAgentRequest(req, { samples }) where @shoal/telemetry is not a direct dependency (the
 * agent's end-to-end tests run the console's agent API this way).
 */
export { ingestRequest as samplesRoute } from "@shoal/telemetry";
