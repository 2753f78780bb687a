import { expect, test } from "@playwright/test";
import { call, goto, signInAsAdmin } from "./support.ts";

test("services table stays virtualized: a screenful of rows in the DOM, the last service reached by scrolling", async ({ page }) => {
  await signInAsAdmin(page);
  const cluster = await call<{ id: string }>(page.request, "cluster.create", { name: `virt-${Date.now()}`, description: "" }, "mutation");
  const n = 150;
  for (let i = 0; i < n; i++) {
    const name = `v-${String(i).padStart(3, "0")}`;
    await call(
      page.request,
      "virtualService.create",
      { clusterId: cluster.id, data: { name, protocol: "tcp", address: `203.0.113.${(i % 250) + 1}`, port: 1000 + i, realServers: [] } },
      "mutation",
    );
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await goto(page, `/c/${cluster.id}/services`);
  await page.locator('[data-testid="services-table"][data-ready]').waitFor();
  await expect(page.getByTestId("services-count")).toHaveText(`${n} rows`);
  // The scroll box keeps its own height; when it grew with its content every row was rendered.
  const box = page.getByTestId("services-table");
  expect(await box.evaluate((el) => el.clientHeight)).toBeLessThan(800);
  expect(await page.getByTestId("service-row").count()).toBeLessThan(60);
  await box.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByTestId("service-row").last()).toContainText("v-149");
  expect(await page.getByTestId("service-row").count()).toBeLessThan(60);
  // Sorting and filtering still see every row, not only the rendered ones.
  await page.getByTestId("services-filter").fill("v-000");
  await expect(page.getByTestId("service-row")).toHaveCount(1);
  await page.getByTestId("services-filter").fill("");
  const nameHeader = box.getByRole("button", { name: "Name" });
  await nameHeader.click();
  await nameHeader.click();
  await box.evaluate((el) => el.scrollTo(0, 0));
  await expect(page.getByTestId("service-row").first()).toContainText("v-149");
});
