import { expect, test, type APIRequestContext } from "@playwright/test";
import { call, goto, ready, shot, signInAsAdmin } from "./support.ts";

const VIP = "192.0.2.80";
const SERVICE = `tcp ${VIP}:80`;
const REAL = ["10.9.0.11:80", "10.9.0.12:80"];
/** New connections per second of each real server, as the fake agent reports them. */
const RS_CPS = 12.5;

/** Float32 little-endian rows of [active, inactive, cps, inPps, outPps, inBps, outBps], base64. */
function matrix(rows: number[][]): string {
  const f = new Float32Array(rows.flat());
  return Buffer.from(f.buffer).toString("base64");
}

/**
 * Plays a director's agent with the wire format as documented (core metrics/wire.ts), written out
 * here by hand so this test also pins the contract: a layout naming the series, then 1 s samples.
 */
class FakeAgent {
  private seq = 0;
  private conns = 0;
  private readonly layout = { id: `e2e-${Date.now()}.0`, svc: [SERVICE], dst: { s: REAL.map(() => 0), k: REAL } };

  constructor(
    private readonly request: APIRequestContext,
    private readonly token: string,
  ) {}

  async send(health: { t: number; service: string; dest: string; state: "up" | "down"; detail?: string }[] = []): Promise<void> {
    this.conns += RS_CPS * REAL.length;
    const rs = REAL.map((_, i) => [4 + i, 2, RS_CPS, RS_CPS * 10, RS_CPS * 9, RS_CPS * 1000, RS_CPS * 5000]);
    const svc = [rs.reduce((sum, row) => sum.map((v, k) => v + row[k]!), [0, 0, 0, 0, 0, 0, 0])];
    const c = this.conns;
    const batch = {
      v: 1,
      seq: this.seq++,
      layouts: [this.layout],
      samples: [
        {
          t: Date.now(),
          l: this.layout.id,
          totals: { conns: c, inPkts: c * 10, outPkts: c * 9, inBytes: c * 1000, outBytes: c * 5000, rates: svc[0]!.slice(2) },
          svc: matrix(svc),
          dst: matrix(rs),
        },
      ],
      health,
    };
    const res = await this.request.post("/api/agent/v1/samples", { headers: { authorization: `Bearer ${this.token}` }, data: batch });
    expect(res.status(), await res.text()).toBe(200);
  }
}

test("live samples posted by an enrolled director show on the cluster's Monitor page", async ({ page, playwright }, info) => {
  await signInAsAdmin(page);

  // A cluster with one VIP and a director; its enrollment token is what the agent would use.
  const cluster = await call<{ id: string }>(page.request, "cluster.create", { name: `monitor-${Date.now()}`, description: "e2e live monitoring" }, "mutation");
  await call(
    page.request,
    "virtualService.create",
    {
      clusterId: cluster.id,
      data: { protocol: "tcp", address: VIP, port: 80, realServers: REAL.map((r) => ({ address: r.split(":")[0], port: 80 })) },
    },
    "mutation",
  );
  const director = await call<{ enrollmentToken: string }>(
    page.request,
    "director.create",
    {
      clusterId: cluster.id,
      data: { name: "lvs-monitor-1", managementAddress: "192.0.2.2" },
    },
    "mutation",
  );

  // The agent has no session: a separate HTTP client with only the bearer token.
  const agentHttp = await playwright.request.newContext({ baseURL: info.project.use.baseURL! });
  const agent = new FakeAgent(agentHttp, director.enrollmentToken);
  await agent.send(); // before anyone watches: stored, and read later through the series query

  await goto(page, `/c/${cluster.id}/monitor`);
  await expect(page.getByRole("link", { name: "Monitor", exact: true })).toBeVisible();
  await expect(page.getByTestId("monitor-director")).toContainText("lvs-monitor-1");

  const card = page.locator(".shoal-service-card").filter({ hasText: SERVICE });
  // The live view shows what arrives after it subscribed: keep sending 1 s samples until it does.
  await expect(async () => {
    await agent.send();
    await expect(card).toContainText(`${RS_CPS * REAL.length} /s`, { timeout: 1_500 });
  }).toPass({ timeout: 60_000 });
  const cps = Number(await page.getByTestId("monitor-now").getAttribute("data-cps"));
  expect(cps).toBeGreaterThan(0);
  // A few more seconds so the screenshot's charts show lines, not single points.
  for (let i = 0; i < 3; i++) {
    await page.waitForTimeout(1_000);
    await agent.send();
  }
  await shot(page, info, "monitor-live");

  // One service: its real servers each get charts and a health timeline.
  await card.getByRole("button", { name: SERVICE }).click();
  await expect(page.getByTestId("monitor-service")).toContainText(SERVICE);
  await expect(page.getByTestId("monitor-dest")).toHaveCount(REAL.length);
  // The second real server's check fails: the agent reports the transition with its samples.
  await agent.send([{ t: Date.now() - 500, service: SERVICE, dest: REAL[1]!, state: "down", detail: "connect refused" }]);
  await shot(page, info, "monitor-service");

  // History: the same samples through telemetry.series (1 s tier from memory).
  await page.getByTestId("monitor-range-15m").click();
  await expect(page.getByText(/one point per/).first()).toBeVisible();
  const failing = page.getByTestId("monitor-dest").filter({ hasText: REAL[1]! });
  await expect(failing.locator('.shoal-health-timeline [title*="down (connect refused)"]')).toHaveCount(1);
  await shot(page, info, "monitor-15m");

  // The same page in Chinese (labels from the zh-CN dictionary).
  await page.context().addCookies([{ name: "shoal_locale", value: "zh-CN", url: info.project.use.baseURL! }]);
  await page.reload();
  await ready(page);
  await expect(page.getByRole("heading", { name: "监控" })).toBeVisible();
  await expect(page.getByText(/每点/).first()).toBeVisible();
  await shot(page, info, "monitor-15m-zh");
  await agentHttp.dispose();
});

/**
 * Plays the agent's side of console requests (GET v1/requests long-poll, POST the answer), as
 * packages/agent/src/console/requests.ts does, over a captured table: filtered by client, top N.
 */
function fakeConnectionAgent(request: APIRequestContext, token: string) {
  const table = [
    {
      protocol: "tcp",
      expiresInSeconds: 897,
      state: "ESTABLISHED",
      clientAddress: "198.51.100.7",
      clientPort: 54321,
      virtualAddress: VIP,
      virtualPort: 80,
      destAddress: "10.9.0.11",
      destPort: 80,
    },
    {
      protocol: "tcp",
      expiresInSeconds: 62,
      state: "TIME_WAIT",
      clientAddress: "198.51.100.8",
      clientPort: 40000,
      virtualAddress: VIP,
      virtualPort: 80,
      destAddress: "10.9.0.12",
      destPort: 80,
    },
  ];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const res = await request.get("/api/agent/v1/requests?wait=2", { headers: { authorization: `Bearer ${token}` } });
      if (res.status() !== 200) continue;
      const req = (await res.json()) as { id: string; body: { client?: string; limit?: number } };
      const match = table.filter((c) => !req.body.client || c.clientAddress === req.body.client);
      const listing = { t: Date.now(), total: match.length, truncated: match.length > (req.body.limit ?? 1000), connections: match.slice(0, req.body.limit ?? 1000) };
      await request.post(`/api/agent/v1/requests/${req.id}`, { headers: { authorization: `Bearer ${token}` }, data: { ok: true, listing } });
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

test("the connection table is read on demand from the director's agent, filtered; offline says so", async ({ page, playwright }, info) => {
  await signInAsAdmin(page);
  const cluster = await call<{ id: string }>(page.request, "cluster.create", { name: `conns-${Date.now()}`, description: "e2e connection table" }, "mutation");
  const director = await call<{ enrollmentToken: string }>(
    page.request,
    "director.create",
    {
      clusterId: cluster.id,
      data: { name: "lvs-conns-1", managementAddress: "192.0.2.3" },
    },
    "mutation",
  );
  const agentHttp = await playwright.request.newContext({ baseURL: info.project.use.baseURL! });
  const agent = fakeConnectionAgent(agentHttp, director.enrollmentToken);

  await goto(page, `/c/${cluster.id}/monitor`);
  const panel = page.getByTestId("monitor-conns");
  await expect(panel.getByTestId("monitor-conns-director")).toContainText("lvs-conns-1");
  await panel.getByTestId("monitor-conns-client").fill("198.51.100.8");
  await panel.getByTestId("monitor-conns-limit").selectOption("10");
  await panel.getByTestId("monitor-conns-fetch").click();
  await expect(panel.getByTestId("monitor-conn")).toHaveCount(1);
  await expect(panel.getByTestId("monitor-conn")).toContainText("TIME_WAIT");
  await expect(panel.getByTestId("monitor-conn")).toContainText("198.51.100.8:40000");
  await expect(panel.getByTestId("monitor-conn")).toContainText("01:02");
  await expect(panel.getByTestId("monitor-conns-total")).toHaveAttribute("data-total", "1");
  await shot(page, info, "monitor-conns");

  // The agent goes away: the same request ends with a clear message, not a spinner.
  await agent.stop();
  await panel.getByTestId("monitor-conns-client").fill("");
  await panel.getByTestId("monitor-conns-fetch").click();
  await expect(panel.getByTestId("monitor-conns-error")).toContainText("did not answer within 10 s", { timeout: 20_000 });

  await page.context().addCookies([{ name: "shoal_locale", value: "zh-CN", url: info.project.use.baseURL! }]);
  await page.reload();
  await ready(page);
  await expect(page.getByTestId("monitor-conns")).toContainText("连接表");
  await agentHttp.dispose();
});
