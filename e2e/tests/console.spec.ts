import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { unzipSync, strFromU8 } from "fflate";
import { fieldError, goto, login, logout, ready, setupLinkFromServerLog, shot } from "./support.ts";

const ADMIN = { username: "admin", password: "correct horse battery" };
const VIEWER = { username: "viewer1", password: "viewer password 1" };
const keepalivedConf = readFileSync(fileURLToPath(new URL("./fixtures/keepalived.conf", import.meta.url)), "utf8");

// One operator's story on a fresh database, in order: each step builds on the one before.
test("first run to rollback, viewer and audit, in both languages", async ({ page }, info) => {
  let clusterId = "";

  await test.step("first-run setup with the link the server printed", async () => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/setup/);
    await goto(page, setupLinkFromServerLog());
    await page.locator('input[name="username"]').fill(ADMIN.username);
    await page.locator('input[name="password"]').fill(ADMIN.password);
    await page.locator('input[name="password2"]').fill(ADMIN.password);
    await shot(page, info, "01-setup");
    await page.locator('button[type="submit"]').click();
    await expect(page.getByTestId("whoami")).toContainText("admin");
    await ready(page);
  });

  await test.step("sign out and sign in again", async () => {
    await logout(page);
    await page.locator('input[name="username"]').fill(ADMIN.username);
    await page.locator('input[name="password"]').fill("wrong password!!");
    await page.locator('button[type="submit"]').click();
    await expect(page.getByText("Wrong user name or password.")).toBeVisible();
    await login(page, ADMIN.username, ADMIN.password);
  });

  await test.step("create a cluster from the overview", async () => {
    await page.getByLabel("Cluster name").fill("e2e");
    await page.getByRole("button", { name: "New cluster" }).click();
    const card = page.getByTestId("overview-cluster").filter({ hasText: "e2e" });
    await card.getByRole("link", { name: /Open/ }).click();
    await page.waitForURL(/\/c\/[^/]+\/services$/);
    clusterId = /\/c\/([^/]+)\//.exec(page.url())![1]!;
    await shot(page, info, "02-services-empty");
  });

  await test.step("create a virtual service", async () => {
    await page.getByTestId("service-new").click();
    const form = page.getByTestId("service-form");
    await form.locator('[data-field="name"] input').fill("web");
    await form.locator('[data-field="address"] input').fill("192.0.2.10");
    await form.locator('[data-field="port"] input').fill("80");
    await form.getByTestId("scheduler").selectOption("rr");
    // Scheduler flags only exist for sh and mh.
    await expect(form.locator('[data-field="schedFlags"]')).toHaveCount(0);
    await form.getByTestId("scheduler").selectOption("sh");
    await expect(form.locator('[data-field="schedFlags"]')).toContainText("sh-port");
    await form.getByTestId("scheduler").selectOption("rr");
    await form.getByTestId("service-save").click();
    await page.waitForURL((u) => /\/services\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith("/new"));
    await expect(page.getByRole("heading", { level: 1 })).toContainText("tcp 192.0.2.10:80");
  });

  await test.step("add two real servers; a DR real server on another port is refused next to its port", async () => {
    const panel = page.getByTestId("real-servers");
    await panel.getByTestId("rs-add").click();
    let form = page.getByTestId("real-server-form");
    await form.getByTestId("rs-address").fill("10.0.0.11");
    await form.getByTestId("rs-forwarding").selectOption("route");
    await form.getByTestId("rs-save").click();
    await expect(panel.getByTestId("rs-row")).toHaveCount(1);

    await panel.getByTestId("rs-add").click();
    form = page.getByTestId("real-server-form");
    await form.getByTestId("rs-address").fill("10.0.0.12");
    await form.getByTestId("rs-port").fill("8080");
    await form.getByTestId("rs-forwarding").selectOption("route");
    await form.getByTestId("rs-save").click();
    const err = fieldError(form, "port");
    await expect(err).toBeVisible();
    await expect(err).toContainText("must equal the service port 80");
    await shot(page, info, "03-route-port-error");
    await form.getByTestId("rs-port").fill("80");
    await form.getByTestId("rs-weight").fill("3");
    await form.getByTestId("rs-save").click();
    await expect(panel.getByTestId("rs-row")).toHaveCount(2);
    await expect(page.getByTestId("real-server-form")).toHaveCount(0);
  });

  await test.step("the services list shows it", async () => {
    await goto(page, `/c/${clusterId}/services`);
    const row = page.getByTestId("service-row").filter({ hasText: "192.0.2.10:80" });
    await expect(row).toContainText("2 / 2");
    await page.getByTestId("services-filter").fill("nothing-matches");
    await expect(page.getByTestId("service-row")).toHaveCount(0);
    await page.getByTestId("services-filter").fill("web");
    await expect(page.getByTestId("service-row")).toHaveCount(1);
  });

  await test.step("apply the draft as revision 1 after previewing its diff", async () => {
    await goto(page, `/c/${clusterId}/revisions`);
    await page.getByTestId("apply-open").click();
    const dialog = page.getByTestId("apply-dialog");
    await expect(dialog.getByTestId("apply-diff")).toContainText("tcp 192.0.2.10:80");
    await dialog.getByTestId("apply-message").fill("web VIP with two real servers");
    await shot(page, info, "04-apply-preview");
    await dialog.getByTestId("apply-confirm").click();
    await expect(page.getByTestId("revision-notice")).toContainText("Revision 1 applied");
    await expect(page.getByTestId("revision-row")).toHaveCount(1);
  });

  await test.step("export the cluster zip and check its ipvsadm rules", async () => {
    await goto(page, `/c/${clusterId}/export`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-zip-cluster").click()]);
    const path = await download.path();
    const files = unzipSync(new Uint8Array(readFileSync(path)));
    const name = Object.keys(files).find((n) => n.endsWith("ipvsadm.rules"));
    expect(name, `zip holds ${Object.keys(files).join(", ")}`).toBeTruthy();
    const rules = strFromU8(files[name!]!);
    expect(rules).toMatch(/-A -t 192\.0\.2\.10:80 -s rr/);
    expect(rules).toMatch(/-a -t 192\.0\.2\.10:80 -r 10\.0\.0\.11:80 -g -w 1/);
    expect(rules).toMatch(/-a -t 192\.0\.2\.10:80 -r 10\.0\.0\.12:80 -g -w 3/);
    // The same file is viewable in the page.
    await page.getByTestId("export-files").getByRole("button", { name: "ipvsadm.rules" }).click();
    await expect(page.getByTestId("export-file-text")).toContainText("-A -t 192.0.2.10:80 -s rr");
    await shot(page, info, "05-export");
  });

  await test.step("import a keepalived.conf as the draft", async () => {
    await goto(page, `/c/${clusterId}/import`);
    await page.getByTestId("import-text").fill(keepalivedConf);
    await page.getByTestId("import-preview").click();
    const result = page.getByTestId("import-result");
    await expect(result).toContainText("1 Virtual services");
    await shot(page, info, "06-import-preview");
    await result.getByTestId("import-confirm").click();
    await page.waitForURL(/\/revisions$/);
    await expect(page.getByTestId("draft-diff")).toContainText("tcp 198.51.100.20:443");
    await expect(page.getByTestId("draft-diff")).toContainText("tcp 192.0.2.10:80");
  });

  await test.step("roll back: restore revision 1 as the draft", async () => {
    page.once("dialog", (d) => void d.accept());
    await page.getByTestId("revision-row").filter({ hasText: "#1" }).getByTestId("revision-restore").click();
    await expect(page.getByTestId("revision-notice")).toContainText("Revision 1 restored");
    await expect(page.getByText("The draft matches the applied revision.")).toBeVisible();
    await goto(page, `/c/${clusterId}/services`);
    await expect(page.getByTestId("service-row")).toHaveCount(1);
    await expect(page.getByTestId("service-row")).toContainText("192.0.2.10:80");
    await shot(page, info, "07-restored");
  });

  await test.step("an admin creates a viewer", async () => {
    await goto(page, "/users");
    const form = page.getByTestId("user-create");
    await form.locator('input[name="new-username"]').fill(VIEWER.username);
    await form.locator('input[name="new-password"]').fill(VIEWER.password);
    await form.locator('select[name="new-role"]').selectOption("viewer");
    await form.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByTestId("user-row").filter({ hasText: VIEWER.username })).toBeVisible();
    await logout(page);
  });

  await test.step("the viewer sees everything but cannot edit", async () => {
    await login(page, VIEWER.username, VIEWER.password);
    await expect(page.getByTestId("read-only-banner")).toBeVisible();
    await goto(page, `/c/${clusterId}/services`);
    await expect(page.getByTestId("service-row")).toHaveCount(1);
    await expect(page.getByTestId("service-new")).toHaveCount(0);
    await page.getByTestId("service-row").getByRole("link").first().click();
    const form = page.getByTestId("service-form");
    await expect(form.locator('[data-field="port"] input')).toBeDisabled();
    await expect(form.getByTestId("service-save")).toHaveCount(0);
    await expect(page.getByTestId("rs-add")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
    await shot(page, info, "08-viewer");
    // The API refuses too, whatever the page shows.
    const res = await page.request.post("/api/trpc/cluster.create", { data: { name: "sneaky", description: "" } });
    expect(res.status()).toBe(403);
    await logout(page);
  });

  await test.step("the audit log shows it all", async () => {
    await login(page, ADMIN.username, ADMIN.password);
    await goto(page, "/audit");
    const table = page.getByTestId("audit-table");
    for (const action of [
      "setup.createAdmin",
      "auth.login",
      "cluster.create",
      "virtualService.create",
      "realServer.create",
      "revision.applyDraft",
      "export.zip",
      "import.commit",
      "revision.restore",
      "user.create",
      "auth.logout",
    ]) {
      await expect(table.locator(`[data-action="${action}"]`).first(), action).toBeVisible();
    }
    // The viewer's refused write is on record as refused.
    await expect(table.locator('[data-action="cluster.create"]').filter({ hasText: "refused" })).toHaveCount(1);
    await shot(page, info, "09-audit");
  });

  await test.step("switch to Chinese; the choice is remembered", async () => {
    await page.getByTestId("lang-switch").selectOption("zh-CN");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("审计日志");
    await goto(page, `/c/${clusterId}/services`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("虚拟服务");
    await expect(page.getByRole("navigation")).toContainText("版本");
    await page.getByTestId("service-row").getByRole("link").first().click();
    await expect(page.getByTestId("service-form").getByText("调度算法")).toBeVisible();
    await shot(page, info, "10-zh-CN");
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === "shoal_locale")?.value).toBe("zh-CN");
  });
});
