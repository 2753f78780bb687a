import { expect, test } from "@playwright/test";
import { call, fieldError, goto, shot, signInAsAdmin } from "./support.ts";

test("edit a director and the cluster's name; a drained real server gets its weight back", async ({ page }, info) => {
  await signInAsAdmin(page);
  const name = `edit-${Date.now()}`;
  const cluster = await call<{ id: string }>(page.request, "cluster.create", { name, description: "editing e2e" }, "mutation");
  const { service } = await call<{ service: { id: string } }>(
    page.request,
    "virtualService.create",
    {
      clusterId: cluster.id,
      data: { protocol: "tcp", address: "192.0.2.90", port: 80, realServers: [{ address: "10.9.9.11", port: 80, forwarding: "masq", weight: 5 }] },
    },
    "mutation",
  );
  await call(page.request, "director.create", { clusterId: cluster.id, data: { name: "lvs-edit-1", managementAddress: "192.0.2.5" } }, "mutation");

  // A director: a wrong address is refused next to its field, then the edit lands.
  await goto(page, `/c/${cluster.id}/directors`);
  const row = page.getByTestId("director-row").filter({ hasText: "lvs-edit-1" });
  await row.getByTestId("director-edit").click();
  const form = page.getByTestId("director-form");
  await expect(form.locator('input[name="managementAddress"]')).toHaveValue("192.0.2.5");
  await form.locator('input[name="managementAddress"]').fill("192.0.2.500");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(fieldError(form, "managementAddress")).toBeVisible();
  await form.locator('input[name="managementAddress"]').fill("192.0.2.6");
  await form.locator('select[name="role"]').selectOption("backup");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("director-form")).toHaveCount(0);
  await expect(row).toContainText("192.0.2.6");
  await expect(row).toContainText("backup");
  await shot(page, info, "director-edited");

  // The cluster's name.
  await goto(page, `/c/${cluster.id}/settings`);
  const identity = page.getByTestId("cluster-identity-form");
  await expect(identity.locator('input[name="name"]')).toHaveValue(name);
  await identity.locator('input[name="name"]').fill(`${name}-renamed`);
  await identity.getByRole("button", { name: "Save" }).click();
  await expect(identity.getByRole("status")).toBeVisible();
  expect((await call<{ name: string }>(page.request, "cluster.get", { id: cluster.id }, "query")).name).toBe(`${name}-renamed`);

  // Drain, then restore: weight 5 again, not 1.
  await goto(page, `/c/${cluster.id}/services/${service.id}`);
  const rs = page.getByTestId("rs-row").filter({ hasText: "10.9.9.11" });
  await expect(rs).toContainText("5");
  await rs.getByRole("button", { name: "Drain (weight 0)" }).click();
  await expect(rs.getByTestId("rs-drained")).toContainText("weight was 5");
  await shot(page, info, "real-server-drained");
  await rs.getByRole("button", { name: "Restore weight" }).click();
  await expect(rs.getByTestId("rs-drained")).toHaveCount(0);
  const list = await call<{ address: string; weight: number }[]>(page.request, "realServer.list", { serviceId: service.id }, "query");
  expect(list.find((r) => r.address === "10.9.9.11")?.weight).toBe(5);

  // Both edits are in the audit log.
  const audit = await call<{ items: { action: string }[] }>(page.request, "audit.list", { clusterId: cluster.id }, "query");
  expect(audit.items.map((e) => e.action)).toEqual(expect.arrayContaining(["director.update", "cluster.update", "realServer.drain", "realServer.undrain"]));
});

test("services page: more services than the first screen; filter and sort cover every row", async ({ page }) => {
  await signInAsAdmin(page);
  const cluster = await call<{ id: string }>(page.request, "cluster.create", { name: `many-${Date.now()}`, description: "" }, "mutation");
  const n = 60; // > FIRST_SCREEN (48): the rest arrive after hydration
  for (let i = 0; i < n; i++) {
    const name = `web-${String(i).padStart(2, "0")}`;
    await call(
      page.request,
      "virtualService.create",
      { clusterId: cluster.id, data: { name, protocol: "tcp", address: `198.51.100.${i + 1}`, port: 80, realServers: [] } },
      "mutation",
    );
  }
  await goto(page, `/c/${cluster.id}/services`);
  await page.locator('[data-testid="services-table"][data-ready]').waitFor();
  await expect(page.getByTestId("services-count")).toHaveText(`${n} rows`);
  await page.getByTestId("services-filter").fill("web-59");
  await expect(page.getByTestId("service-row")).toHaveCount(1);
  await expect(page.getByTestId("service-row")).toContainText("198.51.100.60:80");
  await page.getByTestId("services-filter").fill("");
  const nameHeader = page.getByTestId("services-table").getByRole("button", { name: "Name" });
  await nameHeader.click();
  await nameHeader.click(); // descending: the last service, which was not in the server's first screen, comes first
  await expect(page.getByTestId("service-row").first()).toContainText("web-59");
});

test("restoring a revision that re-creates a deleted director shows its new enrollment token once", async ({ page }, info) => {
  await signInAsAdmin(page);
  const cluster = await call<{ id: string }>(page.request, "cluster.create", { name: `restore-${Date.now()}`, description: "" }, "mutation");
  const { director } = await call<{ director: { id: string; version: number } }>(
    page.request,
    "director.create",
    { clusterId: cluster.id, data: { name: "lvs-gone", managementAddress: "192.0.2.7" } },
    "mutation",
  );
  await call(page.request, "revision.applyDraft", { clusterId: cluster.id, message: "with lvs-gone" }, "mutation");
  await call(page.request, "director.delete", { id: director.id, version: director.version }, "mutation");

  await goto(page, `/c/${cluster.id}/revisions`);
  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("revision-row").filter({ hasText: "#1" }).getByTestId("revision-restore").click();
  const token = page.getByTestId("enrollment-token");
  await expect(token).toContainText("lvs-gone");
  await expect(token.getByTestId("enrollment-token-value")).toHaveText(/^\S{20,}$/);
  await shot(page, info, "restore-token");
  await token.getByRole("button", { name: "Close" }).click();
  await expect(page.getByTestId("enrollment-token")).toHaveCount(0);
  const list = await call<{ name: string }[]>(page.request, "director.list", { clusterId: cluster.id }, "query");
  expect(list.map((d) => d.name)).toEqual(["lvs-gone"]);
});
