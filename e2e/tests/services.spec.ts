import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { goto, login, ready, setupLinkFromServerLog } from "./support.ts";

// Same admin as console.spec.ts; creates it when this file runs alone on a fresh database.
const ADMIN = { username: "admin", password: "correct horse battery" };

async function call<T>(request: APIRequestContext, path: string, input: unknown, kind: "query" | "mutation"): Promise<T> {
  const res =
    kind === "query"
      ? await request.get(`/api/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`)
      : await request.post(`/api/trpc/${path}`, { data: input });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

async function signIn(page: Page) {
  const { needsSetup } = await call<{ needsSetup: boolean }>(page.request, "setup.status", undefined, "query");
  if (!needsSetup) return login(page, ADMIN.username, ADMIN.password);
  await goto(page, setupLinkFromServerLog());
  await page.locator('input[name="username"]').fill(ADMIN.username);
  await page.locator('input[name="password"]').fill(ADMIN.password);
  await page.locator('input[name="password2"]').fill(ADMIN.password);
  await page.locator('button[type="submit"]').click();
  await expect(page.getByTestId("whoami")).toContainText(ADMIN.username);
  await ready(page);
}

test("services table stays virtualized: a screenful of rows in the DOM, the last service reached by scrolling", async ({ page }) => {
  await signIn(page);
  const cluster = await call<{ id: string }>(page.request, "cluster.create", { name: `virt-${Date.now()}`, description: "" }, "mutation");
  const n = 150;
  for (let i = 0; i < n; i++) {
    const name = `v-${String(i).padStart(3, "0")}`;
    await call(page.request, "virtualService.create", { clusterId: cluster.id, data: { name, protocol: "tcp", address: `203.0.113.${(i % 250) + 1}`, port: 1000 + i, realServers: [] } }, "mutation");
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
