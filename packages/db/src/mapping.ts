import { Cluster, Director, RealServer, SyncDaemon, Timeouts, VirtualService, Vrrp } from "@shoal/core";

/** Rows as Prisma returns them, narrowed to what the mapping reads. */
export interface ClusterRow {
  id: string;
  name: string;
  description: string;
  settings: string;
}
export interface DirectorRow {
  id: string;
  data: string;
}
export interface ServiceRow {
  id: string;
  data: string;
}
export interface RealServerRow {
  id: string;
  data: string;
}

export interface ClusterSettings {
  timeouts: Timeouts;
  syncDaemon?: SyncDaemon | undefined;
  vrrp?: Vrrp | undefined;
}

// Stored JSON was produced by the core schemas' parse on the way in, so reading it back trusts it:
// re-parsing 10,000 real servers on every read would be the slowest part of a list.

export function settingsOf(cluster: Pick<Cluster, "timeouts" | "syncDaemon" | "vrrp">): string {
  const s: ClusterSettings = { timeouts: cluster.timeouts };
  if (cluster.syncDaemon) s.syncDaemon = cluster.syncDaemon;
  if (cluster.vrrp) s.vrrp = cluster.vrrp;
  return JSON.stringify(s);
}

export function parseSettings(json: string): ClusterSettings {
  const raw = JSON.parse(json) as Partial<ClusterSettings>;
  return { timeouts: raw.timeouts ?? { tcp: 0, tcpFin: 0, udp: 0 }, syncDaemon: raw.syncDaemon, vrrp: raw.vrrp };
}

function strip<T extends { id?: string | undefined }>(o: T): Omit<T, "id"> {
  const { id: _id, ...rest } = o;
  return rest;
}

export function directorToRow(d: Director) {
  return { name: d.name, role: d.role, data: JSON.stringify(strip(d)) };
}
export function rowToDirector(row: DirectorRow): Director {
  return { id: row.id, ...(JSON.parse(row.data) as Omit<Director, "id">) };
}

export function serviceToRow(vs: VirtualService) {
  const { realServers: _rs, ...rest } = strip(vs);
  return {
    name: vs.name ?? null,
    protocol: vs.protocol,
    family: vs.family,
    address: vs.address ?? null,
    port: vs.port ?? null,
    fwmark: vs.fwmark ?? null,
    scheduler: vs.scheduler,
    enabled: vs.enabled,
    data: JSON.stringify(rest),
  };
}
export function rowToService(row: ServiceRow, realServers: RealServer[]): VirtualService {
  return { id: row.id, ...(JSON.parse(row.data) as Omit<VirtualService, "id" | "realServers">), realServers };
}

export function realServerToRow(rs: RealServer) {
  return { address: rs.address, port: rs.port, weight: rs.weight, enabled: rs.enabled, data: JSON.stringify(strip(rs)) };
}
export function rowToRealServer(row: RealServerRow): RealServer {
  return { id: row.id, ...(JSON.parse(row.data) as Omit<RealServer, "id">) };
}

export function rowsToCluster(c: ClusterRow, directors: DirectorRow[], services: (ServiceRow & { realServers: RealServerRow[] })[]): Cluster {
  const s = parseSettings(c.settings);
  const cluster: Cluster = {
    id: c.id,
    name: c.name,
    description: c.description,
    timeouts: s.timeouts,
    directors: directors.map(rowToDirector),
    virtualServices: services.map((vs) => rowToService(vs, vs.realServers.map(rowToRealServer))),
  };
  if (s.syncDaemon) cluster.syncDaemon = s.syncDaemon;
  if (s.vrrp) cluster.vrrp = s.vrrp;
  return cluster;
}

/** Parsers re-exported so callers validate with the same schemas the rows were written with. */
export const schemas = { Cluster, Director, VirtualService, RealServer, Timeouts, SyncDaemon, Vrrp };
