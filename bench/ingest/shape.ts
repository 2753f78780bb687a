/** The simulated fleet: what every process of the benchmark agrees on. */
export interface Shape {
  directors: number;
  services: number;
  dests: number;
  seconds: number;
  warmupSeconds: number;
  loaders: number;
  rawSeconds: number;
}

function int(name: string, fallback: number): number {
  const v = process.env[name];
  return v ? Number.parseInt(v, 10) : fallback;
}

export function shapeFromEnv(): Shape {
  return {
    directors: int("DIRECTORS", 100),
    services: int("SERVICES", 1000),
    dests: int("DESTS", 10),
    seconds: int("SECONDS", 60),
    warmupSeconds: int("WARMUP", 5),
    loaders: int("LOADERS", 2),
    // The console's defaults: an hour, cut to its share of the 1 GiB raw budget per director.
    rawSeconds: int("RAW_SECONDS", 3600),
  };
}

export const token = (d: number) => `bench-token-${d}`;
export const directorId = (d: number) => `director-${d}`;
/** Directors come in active/backup pairs, one cluster per pair, as LVS with keepalived runs. */
export const clusterId = (d: number) => `cluster-${Math.floor(d / 2)}`;

export function serviceKey(d: number, s: number): string {
  return `tcp 10.${d}.${s >> 8}.${s & 255}:80`;
}
export function destKey(d: number, s: number, r: number): string {
  return `192.168.${((s * 16 + r) >> 8) & 255}.${(s * 16 + r) & 255}:${8000 + (d % 100)}`;
}
