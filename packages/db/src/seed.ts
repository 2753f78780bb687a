// Demo data for the console, and bulk data for benchmarks. Creates no users: the first admin comes
// from the setup link or `pnpm shoal user add`.
//   pnpm --filter @shoal/db seed                                        demo cluster "demo" (idempotent)
//   pnpm --filter @shoal/db seed:bulk --services 1000 --real-servers 10  cluster "bulk" (replaced)
//   pnpm --filter @shoal/db seed --lab --token-file F                   cluster "lab" for scripts/demo-lab.sh
//   add --db FILE to any for a database other than SHOAL_DATABASE / .shoal/shoal.db
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Cluster, type ClusterInput } from "@shoal/core";
import { createDb, type Db } from "./client.ts";
import { loadCluster, newAgentToken, replaceDraft } from "./cluster-store.ts";
import { diffClusters } from "./diff.ts";
import { settingsOf } from "./mapping.ts";
import { databasePath } from "./paths.ts";

export const DEMO: ClusterInput = {
  name: "demo",
  description: "Demo: NAT web, DR https and UDP DNS behind a primary/backup director pair",
  timeouts: { tcp: 900, tcpFin: 120, udp: 300 },
  vrrp: { instance: "VI_1", interface: "eth0", virtualRouterId: 51, priorityPrimary: 150, priorityBackup: 100 },
  directors: [
    {
      name: "lvs1",
      managementAddress: "192.168.0.2",
      publicInterface: "eth0",
      privateInterface: "eth1",
      publicAddress: "192.168.0.2/24",
      privateAddress: "10.0.2.1/24",
      role: "primary",
    },
    {
      name: "lvs2",
      managementAddress: "192.168.0.3",
      publicInterface: "eth0",
      privateInterface: "eth1",
      publicAddress: "192.168.0.3/24",
      privateAddress: "10.0.2.2/24",
      role: "backup",
    },
  ],
  virtualServices: [
    {
      name: "web",
      protocol: "tcp",
      address: "192.168.0.100",
      port: 80,
      scheduler: "wlc",
      vipInterface: "eth0",
      healthCheck: { type: "http", path: "/healthz", expectStatus: [200], interval: 5, timeout: 2 },
      realServers: [
        { name: "web1", address: "10.0.2.11", port: 80, forwarding: "masq", weight: 1 },
        { name: "web2", address: "10.0.2.12", port: 80, forwarding: "masq", weight: 1 },
      ],
    },
    {
      name: "https-dr",
      protocol: "tcp",
      address: "192.168.0.101",
      port: 443,
      scheduler: "wrr",
      persistence: 300,
      vipInterface: "eth0",
      healthCheck: { type: "tcp" },
      realServers: [
        { name: "app1", address: "192.168.0.21", port: 443, forwarding: "route", weight: 2 },
        { name: "app2", address: "192.168.0.22", port: 443, forwarding: "route", weight: 1 },
      ],
    },
    {
      name: "dns",
      protocol: "udp",
      address: "192.168.0.102",
      port: 53,
      scheduler: "rr",
      onePacket: true,
      vipInterface: "eth0",
      realServers: [
        { name: "ns1", address: "10.0.2.31", port: 53, forwarding: "masq" },
        { name: "ns2", address: "10.0.2.32", port: 53, forwarding: "masq" },
      ],
    },
  ],
};

/**
 * The real-kernel lab's NAT topology (lab/lib/topology.sh `lab_nat 1 3`, driven by
 * lab/scenarios/console-agent.sh): one VIP, wrr 1:2:3, so the demo's charts show the weights.
 */
export const LAB: ClusterInput = {
  name: "lab",
  description: "Real-kernel lab demo: the agent runs in user-mode Linux (scripts/demo-lab.sh)",
  directors: [{ name: "lab-dir", managementAddress: "10.1.1.1", publicInterface: "eth0", privateInterface: "br0", privateAddress: "10.1.2.1/24", role: "primary" }],
  virtualServices: [
    {
      name: "lab-web",
      protocol: "tcp",
      address: "10.1.1.100",
      port: 80,
      scheduler: "wrr",
      healthCheck: { type: "http", path: "/", expectStatus: [200], interval: 5, timeout: 2 },
      realServers: [
        { name: "rs1", address: "10.1.2.11", port: 80, forwarding: "masq", weight: 1 },
        { name: "rs2", address: "10.1.2.12", port: 80, forwarding: "masq", weight: 2 },
        { name: "rs3", address: "10.1.2.13", port: 80, forwarding: "masq", weight: 3 },
      ],
    },
  ],
};

/** A cluster with `services` NAT services of `realServers` real servers each (benchmarks). */
export function bulkCluster(services: number, realServers: number): Cluster {
  return Cluster.parse({
    name: "bulk",
    description: `${services} services x ${realServers} real servers (benchmark data)`,
    directors: [{ name: "bulk1", managementAddress: "10.255.0.1", privateAddress: "10.0.0.1/8" }],
    virtualServices: Array.from({ length: services }, (_, i) => ({
      name: `svc${i}`,
      protocol: i % 10 === 9 ? "udp" : "tcp",
      address: `172.16.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      port: 80 + (i % 3),
      scheduler: "wlc",
      realServers: Array.from({ length: realServers }, (_, j) => ({
        address: `10.${1 + Math.floor(i / 250)}.${i % 250}.${j + 1}`,
        port: 8080,
        forwarding: "masq",
        weight: 1 + (j % 3),
      })),
    })),
  });
}

/** Creates or replaces a cluster's draft; returns enrollment tokens of directors created now. */
async function writeCluster(db: Db, cluster: Cluster) {
  return db.$transaction(
    async (tx) => {
      const existing = await tx.cluster.findUnique({ where: { name: cluster.name } });
      const id = existing?.id ?? (await tx.cluster.create({ data: { name: cluster.name, description: cluster.description, settings: settingsOf(cluster) } })).id;
      const { createdDirectors } = await replaceDraft(tx, id, cluster);
      return { id, createdDirectors };
    },
    { timeout: 600_000 },
  );
}

/** Records the draft as the next revision, authored by "seed". */
async function applyAsSeed(db: Db, clusterId: string, message: string): Promise<number> {
  const draft = (await loadCluster(db, clusterId))!;
  const prev = await db.revision.findFirst({ where: { clusterId }, orderBy: { number: "desc" } });
  const number = (prev?.number ?? 0) + 1;
  const c = await db.cluster.findUniqueOrThrow({ where: { id: clusterId } });
  await db.revision.create({
    data: {
      clusterId,
      number,
      authorName: "seed",
      message,
      snapshot: JSON.stringify(draft),
      diff: JSON.stringify(diffClusters(prev ? (JSON.parse(prev.snapshot) as Cluster) : undefined, draft)),
    },
  });
  await db.cluster.update({ where: { id: clusterId }, data: { appliedRevision: number, appliedDraftVersion: c.draftVersion } });
  return number;
}

export async function seedDemo(db: Db): Promise<{ created: boolean; tokens: { name: string; token: string }[] }> {
  if (await db.cluster.findUnique({ where: { name: "demo" } })) return { created: false, tokens: [] };
  const { id, createdDirectors } = await writeCluster(db, Cluster.parse(DEMO));
  await applyAsSeed(db, id, "demo topology");
  return { created: true, tokens: createdDirectors.map(({ name, token }) => ({ name, token })) };
}

/**
 * Creates the "lab" cluster (revision 1 applied) if missing, and gives its director a fresh
 * enrollment token (the old one stops working): the demo hands it to the agent in the lab.
 */
export async function seedLab(db: Db): Promise<{ clusterId: string; token: string }> {
  let c = await db.cluster.findUnique({ where: { name: "lab" } });
  if (!c) {
    const { id } = await writeCluster(db, Cluster.parse(LAB));
    await applyAsSeed(db, id, "lab topology");
    c = await db.cluster.findUniqueOrThrow({ where: { id } });
  }
  const director = await db.director.findFirst({ where: { clusterId: c.id }, orderBy: { name: "asc" } });
  if (!director) throw new Error(`cluster "lab" has no director: add one in the console or delete the cluster`);
  const { token, hash } = newAgentToken();
  await db.director.update({ where: { id: director.id }, data: { tokenHash: hash } });
  return { clusterId: c.id, token };
}

export async function seedBulk(db: Db, services: number, realServers: number): Promise<string> {
  const { id } = await writeCluster(db, bulkCluster(services, realServers));
  return id;
}

async function main() {
  const { values } = parseArgs({
    options: {
      lab: { type: "boolean" },
      "token-file": { type: "string" },
      bulk: { type: "boolean" },
      services: { type: "string" },
      "real-servers": { type: "string" },
      db: { type: "string" },
    },
  });
  const db = createDb(values.db);
  try {
    if (values.lab) {
      const file = values["token-file"];
      if (!file) throw new Error("--lab needs --token-file FILE (the token is never printed)");
      const { clusterId, token } = await seedLab(db);
      writeFileSync(file, `${token}\n`, { mode: 0o600 });
      console.log(`cluster "lab" ready (id ${clusterId}); its director's new token is in ${file}`);
      return;
    }
    if (values.bulk) {
      const services = Number(values.services ?? 1000);
      const rs = Number(values["real-servers"] ?? 10);
      if (!Number.isInteger(services) || services < 1 || services > 60_000) throw new Error("--services must be 1..60000");
      if (!Number.isInteger(rs) || rs < 0 || rs > 250) throw new Error("--real-servers must be 0..250");
      await seedBulk(db, services, rs);
      console.log(`seeded cluster "bulk": ${services} services x ${rs} real servers in ${databasePath(values.db)}`);
      return;
    }
    const r = await seedDemo(db);
    if (!r.created) {
      console.log(`cluster "demo" already exists in ${databasePath(values.db)}: left as it is`);
      return;
    }
    console.log(`seeded cluster "demo" (revision 1 applied) in ${databasePath(values.db)}`);
    console.log("director enrollment tokens (shown once; rotate them in the console if lost):");
    for (const t of r.tokens) console.log(`  ${t.name}: ${t.token}`);
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1]?.endsWith("seed.ts")) await main();
