import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cluster } from "@shoal/core";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, loadCluster, migrateDeploy, migrationsDir, replaceDraft } from "../src/index.ts";
import { DEMO, seedBulk, seedDemo } from "../src/seed.ts";

const dir = mkdtempSync(join(tmpdir(), "shoal-db-"));
const file = join(dir, "t.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("offline migrations", () => {
  it("the committed migrations are standard Prisma files", () => {
    expect(readFileSync(join(migrationsDir, "migration_lock.toml"), "utf8")).toMatch(/provider = "sqlite"/);
    const dirs = readdirSync(migrationsDir).filter((d) => /^\d{14}_/.test(d));
    expect(dirs.length).toBeGreaterThan(0);
    // The first creates the tables; later ones are Prisma's own diffs (e.g. "-- AlterTable").
    expect(readFileSync(join(migrationsDir, dirs.sort()[0]!, "migration.sql"), "utf8")).toMatch(/CREATE TABLE/);
    for (const d of dirs)
      expect(readFileSync(join(migrationsDir, d, "migration.sql"), "utf8")).toMatch(/^-- (CreateTable|AlterTable|CreateIndex|DropIndex|RedefineTables|DropTable)\n/m);
  });

  it("apply to a fresh file, record themselves in _prisma_migrations, and are idempotent", async () => {
    const applied = await migrateDeploy({ db: file });
    expect(applied.length).toBe(readdirSync(migrationsDir).filter((d) => /^\d{14}_/.test(d)).length);
    expect(await migrateDeploy({ db: file })).toEqual([]);
    const db = createDb(file);
    const rows = await db.$queryRaw<{ migration_name: string; finished_at: string | null }[]>`SELECT migration_name, finished_at FROM _prisma_migrations`;
    expect(rows.map((r) => r.migration_name)).toEqual(applied);
    expect(rows.every((r) => r.finished_at)).toBe(true);
    await db.$disconnect();
  });
});

describe("rows <-> core model", () => {
  it("a cluster written as a draft reads back equal (ids aside)", async () => {
    const db = createDb(file);
    const cluster = Cluster.parse({ ...DEMO, name: "roundtrip" });
    const c = await db.cluster.create({ data: { name: "roundtrip" } });
    const { createdDirectors } = await db.$transaction((tx) => replaceDraft(tx, c.id, cluster));
    expect(createdDirectors.map((d) => d.name)).toEqual(["lvs1", "lvs2"]);
    const back = await loadCluster(db, c.id);
    const strip = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (k === "id" ? undefined : v)));
    expect(strip(back)).toEqual(strip(cluster));
    expect(Cluster.parse(back)).toBeTruthy();

    // Replacing keeps directors by name (their tokens stay valid) and creates only new ones.
    const hashes = (await db.director.findMany({ where: { clusterId: c.id }, orderBy: { name: "asc" } })).map((d) => d.tokenHash);
    const again = await db.$transaction((tx) => replaceDraft(tx, c.id, cluster));
    expect(again.createdDirectors).toEqual([]);
    expect((await db.director.findMany({ where: { clusterId: c.id }, orderBy: { name: "asc" } })).map((d) => d.tokenHash)).toEqual(hashes);
    await db.$disconnect();
  });

  it("the demo seed is idempotent, applies revision 1 and creates no users", async () => {
    const db = createDb(file);
    expect((await seedDemo(db)).created).toBe(true);
    expect((await seedDemo(db)).created).toBe(false);
    const demo = await db.cluster.findUniqueOrThrow({ where: { name: "demo" } });
    expect(demo.appliedRevision).toBe(1);
    const draft = (await loadCluster(db, demo.id))!;
    expect(draft.virtualServices.map((v) => `${v.protocol} ${v.realServers.map((r) => r.forwarding).join(",")}`)).toEqual(["tcp masq,masq", "tcp route,route", "udp masq,masq"]);
    expect(draft.virtualServices[0]!.healthCheck.type).toBe("http");
    expect(await db.user.count()).toBe(0);
    await db.$disconnect();
  });

  it("bulk seed writes more rows than SQLite binds in one statement", async () => {
    const db = createDb(file);
    const id = await seedBulk(db, 120, 10);
    expect(await db.realServer.count({ where: { service: { clusterId: id } } })).toBe(1200);
    expect((await loadCluster(db, id))!.virtualServices.length).toBe(120);
    await db.$disconnect();
  });
});
