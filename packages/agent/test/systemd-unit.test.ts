import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The unit's node flags (V8 memory sizing) are accepted by this node: a misspelt one would
// stop the director's agent from starting at all ("node: bad option").
describe("systemd/shoal-agent.service", () => {
  it("starts node with flags node accepts, before the bundle", () => {
    const unit = readFileSync(join(__dirname, "../systemd/shoal-agent.service"), "utf8");
    const exec = /^ExecStart=(.*)$/m.exec(unit)![1]!.split(/\s+/);
    const script = exec.findIndex((w) => w.endsWith("shoal-agent.cjs"));
    const flags = exec.slice(1, script);
    expect(flags).toContain("--max-semi-space-size=1");
    const r = spawnSync(process.execPath, [...flags, "-e", "0"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
