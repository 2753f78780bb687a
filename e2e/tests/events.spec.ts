import { expect, test } from "@playwright/test";
import { call, goto, shot, signInAsAdmin } from "./support.ts";

const SERVICE = "tcp 192.0.2.90:80";

test("the events timeline updates live from a director's status report; a rule and a silence are created", async ({ page, playwright }, info) => {
  await signInAsAdmin(page);
  const cluster = await call<{ id: string }>(page.request, "cluster.create", { name: `events-${Date.now()}`, description: "e2e events" }, "mutation");
  const director = await call<{ enrollmentToken: string }>(
    page.request,
    "director.create",
    { clusterId: cluster.id, data: { name: "lvs-events-1", managementAddress: "192.0.2.3" } },
    "mutation",
  );
  const agent = await playwright.request.newContext({ baseURL: info.project.use.baseURL! });
  const report = async (up: boolean) => {
    const res = await agent.post("/api/agent/v1/status", {
      headers: { authorization: `Bearer ${director.enrollmentToken}` },
      data: {
        agentVersion: "e2e",
        appliedRevision: null,
        health: [{ service: SERVICE, dest: "10.9.1.11:80", up, check: "http", lastMessage: up ? "HTTP 200 in 3 ms" : "connect ECONNREFUSED 10.9.1.11:80" }],
        reportedAt: new Date().toISOString(),
      },
    });
    expect(res.status(), await res.text()).toBe(200);
  };

  await goto(page, `/c/${cluster.id}/events`);
  await expect(page.getByTestId("events-live")).toHaveAttribute("data-status", "pending");
  // Reported after the page loaded: only the live stream can bring it in.
  await report(false);
  const row = page.getByTestId("event-row").filter({ hasText: "10.9.1.11:80" }).filter({ hasText: "ECONNREFUSED" });
  await expect(row.first()).toHaveAttribute("data-open", "1");
  await report(true);
  await expect(page.locator('[data-testid="event-row"][data-kind="realserver.down"]').first()).toHaveAttribute("data-open", "0");
  await expect(page.locator('[data-testid="event-row"][data-kind="realserver.down"]').first()).toContainText("HTTP 200 in 3 ms");
  await shot(page, info, "events-timeline");

  // Alerts: a channel (admin), a rule that can never match is refused, a good one saved, a silence.
  await goto(page, `/c/${cluster.id}/alerts`);
  await page.getByTestId("channel-name").fill("e2e-hook");
  await page.getByTestId("channel-url").fill("http://169.254.169.254/latest/meta-data/");
  await page.getByTestId("channel-add").click();
  await expect(page.getByTestId("channel-error-notice")).toContainText("link-local");
  await page.getByTestId("channel-url").fill("http://192.0.2.1:9/hook");
  await page.getByTestId("channel-add").click();
  await expect(page.getByTestId("channel-row").filter({ hasText: "e2e-hook" })).toBeVisible();

  await page.getByTestId("rule-name").fill("never");
  await page.getByTestId("rule-kind-revision.applied").check();
  await page.getByTestId("rule-severity").selectOption("critical");
  await page.getByTestId("rule-channel-e2e-hook").check();
  await page.getByTestId("rule-add").click();
  await expect(page.getByTestId("rule-error")).toContainText("minSeverity");

  await page.getByTestId("rule-kind-revision.applied").uncheck();
  await page.getByTestId("rule-kind-realserver.down").check();
  await page.getByTestId("rule-severity").selectOption("warning");
  await page.getByTestId("rule-name").fill("real servers down");
  await page.getByTestId("rule-add").click();
  await expect(page.getByTestId("rule-row").filter({ hasText: "real servers down" })).toBeVisible();

  await page.getByTestId("silence-dest").fill("10.9.1.11:80");
  await page.getByTestId("silence-reason").fill("replacing the disk");
  await page.getByTestId("silence-add").click();
  await expect(page.getByTestId("silence-row").filter({ hasText: "replacing the disk" })).toBeVisible();
  await shot(page, info, "alerts");
});
