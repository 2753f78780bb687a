import { mkdtempSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config/config.ts";
import { readTokenFile } from "../src/config/token.ts";

const files = (m: Record<string, string>) => (p: string) => {
  if (m[p] === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
  return m[p];
};

describe("agent config", () => {
  it("works with no file at the default path", () => {
    const c = loadConfig({}, {}, files({}));
    expect(c.stateDir).toBe("/var/lib/shoal-agent");
    expect(c.kernelPollSeconds).toBe(2);
    expect(c.consoleUrl).toBeUndefined();
  });
  it("flags beat env beat file", () => {
    const read = files({ "/etc/shoal/agent.json": JSON.stringify({ consoleUrl: "http://file:1", stateDir: "/file" }) });
    const c = loadConfig({ stateDir: "/flag" }, { SHOAL_AGENT_CONSOLE_URL: "https://env:2" }, read);
    expect(c.consoleUrl).toBe("https://env:2");
    expect(c.stateDir).toBe("/flag");
  });
  it("refuses unknown keys, naming them", () => {
    const read = files({ "/etc/shoal/agent.json": JSON.stringify({ manageALL: true }) });
    expect(() => loadConfig({}, {}, read)).toThrow(/manageALL/);
  });
  it("says which field is wrong", () => {
    const read = files({ "/c.json": JSON.stringify({ consoleUrl: "ftp://x" }) });
    expect(() => loadConfig({ config: "/c.json" }, {}, read)).toThrow(/consoleUrl/);
  });
  it("an explicit config path must exist", () => {
    expect(() => loadConfig({ config: "/nope.json" }, {}, files({}))).toThrow(ConfigError);
  });
  it("reports bad JSON with the file name", () => {
    expect(() => loadConfig({}, {}, files({ "/etc/shoal/agent.json": "{" }))).toThrow(/agent\.json is not valid JSON/);
  });
  it("parses numeric flags", () => {
    expect(loadConfig({ pollSeconds: "0.5", drainTimeout: "30" }, {}, files({}))).toMatchObject({ kernelPollSeconds: 0.5, drainTimeoutSeconds: 30 });
  });
});

describe("token file", () => {
  const dir = mkdtempSync(join(tmpdir(), "shoal-token-"));
  it("reads a 0600 token and trims the newline", () => {
    const p = join(dir, "ok");
    writeFileSync(p, "s3cret\n", { mode: 0o600 });
    chmodSync(p, 0o600);
    expect(readTokenFile(p)).toBe("s3cret");
  });
  it("refuses a token others can read, with the fix, without printing it", () => {
    const p = join(dir, "open");
    writeFileSync(p, "s3cret\n");
    chmodSync(p, 0o644);
    let msg = "";
    try {
      readTokenFile(p);
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/chmod 600/);
    expect(msg).not.toContain("s3cret");
  });
  it("refuses an empty token file", () => {
    const p = join(dir, "empty");
    writeFileSync(p, "\n", { mode: 0o600 });
    chmodSync(p, 0o600);
    expect(() => readTokenFile(p)).toThrow(/empty/);
  });
});
