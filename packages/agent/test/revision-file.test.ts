import { mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileRevisionSource } from "../src/console/revision-source.ts";
import { createLogger } from "../src/log.ts";

const cluster = (weight: number) => ({
  name: "c",
  virtualServices: [{ name: "web", address: "10.0.0.1", port: 80, scheduler: "wrr", realServers: [{ address: "10.0.1.1", port: 80, forwarding: "masq", weight }] }],
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("FileRevisionSource", () => {
  it("emits each newer revision once, re-reading the file only when it was replaced", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shoal-rev-"));
    const file = join(dir, "rev.json");
    writeFileSync(file, JSON.stringify({ revision: 1, cluster: cluster(1) }));
    const got: number[] = [];
    const stop = new AbortController();
    const src = new FileRevisionSource(file, 20, createLogger("fatal"));
    const done = src.run(null, (r) => got.push(r.revision), stop.signal);
    await sleep(100);
    writeFileSync(join(dir, "next"), JSON.stringify({ revision: 2, cluster: cluster(2) }));
    renameSync(join(dir, "next"), file);
    await sleep(100);
    stop.abort();
    await done;
    expect(got).toEqual([1, 2]);
    expect(src.online).toBe(true);
  });
});
