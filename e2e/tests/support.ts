import { readFileSync } from "node:fs";
import { expect, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";

/**
 * The one-time setup link as the server printed it on stdout at start (the same line an operator
 * copies from their terminal); 20-e2e.sh passes the path of the server's output.
 */
export function setupLinkFromServerLog(): string {
  const log = process.env.SHOAL_SERVER_LOG;
  if (!log) throw new Error("SHOAL_SERVER_LOG is not set: run through scripts/test.d/20-e2e.sh");
  const m = /(https?:\/\/\S+\/setup\?token=[A-Za-z0-9_-]+)/.exec(readFileSync(log, "utf8"));
  if (!m) throw new Error(`no setup link in ${log}`);
  return new URL(m[1]!).pathname + new URL(m[1]!).search;
}

export async function shot(page: Page, info: TestInfo, name: string) {
  await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
}

/** After a full page load: React has hydrated, so typing is not reset and buttons do their job. */
export async function ready(page: Page) {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

export async function goto(page: Page, url: string) {
  await page.goto(url);
  await ready(page);
}

export async function login(page: Page, username: string, password: string) {
  await goto(page, "/login");
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await expect(page.getByTestId("whoami")).toContainText(username);
  await ready(page);
}

export async function logout(page: Page) {
  await page.getByTestId("logout").click();
  await page.waitForURL(/\/login/);
  await ready(page);
}

/** The field's own error line, as the form shows it right below the input. */
export function fieldError(scope: ReturnType<Page["locator"]>, field: string) {
  return scope.locator(`[data-error-for="${field}"]`);
}

/** The e2e admin: console.spec.ts creates it through first-run setup; other files reuse it. */
export const ADMIN = { username: "admin", password: "correct horse battery" };

/** A tRPC procedure over plain HTTP with the page's session; fails the test on anything but 200. */
export async function call<T>(request: APIRequestContext, path: string, input: unknown, kind: "query" | "mutation"): Promise<T> {
  const res =
    kind === "query"
      ? await request.get(`/api/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`)
      : await request.post(`/api/trpc/${path}`, { data: input });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

/** Signs in as ADMIN, creating it by first-run setup when the file runs alone on a fresh database. */
export async function signInAsAdmin(page: Page) {
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
