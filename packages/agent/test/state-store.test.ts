import { mkdtempSync, statSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Cluster } from "@shoal/core";
import { StateStore, StateStoreError } from "../src/state/store.ts";

const cluster = Cluster.parse({ name: "c", virtualServices: [{ address: "10.0.1.100", port: 80, realServers: [{ address: "10.0.2.11", port: 80 }] }] });

describe("state store", () => {
  it("keeps the last applied revision across restarts, private (0700 dir, 0600 file)", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "shoal-state-")), "st");
    const s = new StateStore(dir);
    expect(await s.loadRevision()).toBeUndefined();
    await s.saveRevision({ revision: 7, cluster });
    const again = await new StateStore(dir).loadRevision();
    expect(again?.revision).toBe(7);
    expect(again?.cluster.virtualServices[0]?.address).toBe("10.0.1.100");
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(s.revisionPath).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]); // no temp file left behind
  });
  it("records managed services and VIPs, sorted and de-duplicated", async () => {
    const s = new StateStore(mkdtempSync(join(tmpdir(), "shoal-state-")));
    expect(await s.loadManaged()).toEqual({ services: [], vips: [] });
    await s.saveManaged({ services: ["tcp 10.0.1.100:80", "fwmark 1 inet", "tcp 10.0.1.100:80"], vips: [{ address: "10.0.1.100", prefix: 32, iface: "eth0" }] });
    expect((await s.loadManaged()).services).toEqual(["fwmark 1 inet", "tcp 10.0.1.100:80"]);
  });
  it("a damaged state file is a clear error naming the file, not a silent reset", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shoal-state-"));
    writeFileSync(join(dir, "revision.json"), '{"revision": "x"}');
    await expect(new StateStore(dir).loadRevision()).rejects.toThrow(StateStoreError);
    await expect(new StateStore(dir).loadRevision()).rejects.toThrow(/revision\.json is not valid: revision/);
    writeFileSync(join(dir, "managed.json"), "{");
    await expect(new StateStore(dir).loadManaged()).rejects.toThrow(/managed\.json is unreadable/);
  });
});
