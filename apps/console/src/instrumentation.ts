/**
 * Runs once when the server starts. On first start (no administrator yet) the API issues a
 * one-time setup token and prints the setup link to stdout (never to the log).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { ensureSetupToken, startEventService } = await import("@shoal/api");
  try {
    await ensureSetupToken({ baseUrl: process.env.SHOAL_PUBLIC_URL });
  } catch (err) {
    console.error("[shoal] could not issue the setup token:", err instanceof Error ? err.message : err);
  }
  // Events and alerts (issue 17): console.started, silent agents, the alert engine and its outbox.
  try {
    await startEventService();
  } catch (err) {
    console.error("[shoal] could not start the event service:", err instanceof Error ? err.message : err);
  }
}
