import { defineConfig } from "@playwright/test";

/**
 * Runs against an already started, built console (scripts/test.d/20-e2e.sh starts it on a fresh
 * SQLite file and a free port, and passes SHOAL_URL and SHOAL_SERVER_LOG). Browsers are never
 * downloaded: Debian's Chromium is launched directly.
 */
const baseURL = process.env.SHOAL_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  testDir: "./tests",
  // tests/lab/ needs the real-kernel lab (lab/build.sh) and runs in its own stage (40-lab-e2e.sh)
  testIgnore: process.env.SHOAL_LAB_E2E === "1" ? [] : ["**/lab/**"],
  outputDir: "./test-results",
  // The scenario is one story (setup -> ... -> audit) sharing one database: run in order.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    screenshot: "on",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.SHOAL_CHROMIUM ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
});
