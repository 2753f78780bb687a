import type { Db } from "./client.ts";
import { Prisma } from "./generated/prisma/client.ts";

// The console's virtual-service list: filtered, sorted and paged in SQL (bench/console-api holds
// it fast for 1,000 services x 10 real servers). The only raw SQL in Shoal, kept beside the schema.

export const SERVICE_LIST_SORT = ["position", "name", "address", "port", "protocol", "scheduler"] as const;

export interface ServiceListQuery {
  clusterId: string;
  search?: string | undefined;
  protocol?: string | undefined;
  enabled?: boolean | undefined;
  sort: (typeof SERVICE_LIST_SORT)[number];
  direction: "asc" | "desc";
  offset: number;
  limit: number;
}

export interface ServiceListRow {
  id: string;
  name: string | null;
  protocol: string;
  family: string;
  address: string | null;
  port: number | bigint | null;
  fwmark: number | bigint | null;
  scheduler: string;
  enabled: number | bigint | boolean;
  version: number | bigint;
  position: number | bigint;
  realServers: number | bigint;
  activeRealServers: number | bigint;
  total: number | bigint;
}

function whereSql(input: ServiceListQuery): Prisma.Sql {
  const parts = [Prisma.sql`v.clusterId = ${input.clusterId}`];
  if (input.protocol) parts.push(Prisma.sql`v.protocol = ${input.protocol}`);
  if (input.enabled !== undefined) parts.push(Prisma.sql`v.enabled = ${input.enabled ? 1 : 0}`);
  const search = input.search?.trim();
  if (search) {
    const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const numeric = /^\d+$/.test(search) ? Number(search) : -1;
    parts.push(Prisma.sql`(v.name LIKE ${like} ESCAPE '\\' OR v.address LIKE ${like} ESCAPE '\\' OR v.port = ${numeric} OR v.fwmark = ${numeric})`);
  }
  return Prisma.join(parts, " AND ");
}

/**
 * One SQL statement: the page with its total (window count) first, then the real-server counts
 * (correlated subqueries on the serviceId index) for that page's rows only: counted before the
 * LIMIT they ran for every service, so the page's first screenful of 48 cost as much as all 1,000.
 * The ORDER BY column comes from SERVICE_LIST_SORT, never the client.
 */
export function listServiceRows(db: Db, input: ServiceListQuery): Promise<ServiceListRow[]> {
  const order = (table: string) => Prisma.raw(`${table}."${input.sort}" ${input.direction === "desc" ? "DESC" : "ASC"}, ${table}."position" ASC`);
  return db.$queryRaw<ServiceListRow[]>`
    WITH page AS (
      SELECT v.id, v.name, v.protocol, v.family, v.address, v.port, v.fwmark, v.scheduler, v.enabled, v.version, v.position,
        COUNT(*) OVER () AS total
      FROM "VirtualService" v
      WHERE ${whereSql(input)}
      ORDER BY ${order("v")}
      LIMIT ${input.limit} OFFSET ${input.offset}
    )
    SELECT p.*,
      (SELECT COUNT(*) FROM "RealServer" r WHERE r.serviceId = p.id) AS realServers,
      (SELECT COUNT(*) FROM "RealServer" r WHERE r.serviceId = p.id AND r.enabled = 1 AND r.weight > 0) AS activeRealServers
    FROM page p
    ORDER BY ${order("p")}`;
}

export async function countServiceRows(db: Db, input: ServiceListQuery): Promise<number> {
  const r = await db.$queryRaw<{ n: number | bigint }[]>`SELECT COUNT(*) AS n FROM "VirtualService" v WHERE ${whereSql(input)}`;
  return Number(r[0]?.n ?? 0);
}
