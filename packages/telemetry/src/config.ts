import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_CLOCK_POLICY, type ClockPolicy } from "@shoal/core/metrics/index";

export interface TelemetryConfig {
  /** SQLite file for 1 min rollups and health events; ":memory:" for tests that need no file. */
  databasePath: string;
  /**
   * Raw 1 s samples kept in memory per director. Memory is about
   * (services + real servers) x 28 bytes per sample: 1,000 x 10 for an hour is ~1.1 GB, so large
   * fleets lower this and let the 1 min tier answer longer ranges.
   */
  rawWindowSeconds: number;
  /**
   * Memory for raw samples across all directors. When the window does not fit, every director
   * keeps its share of the newest samples and older ranges are answered by the 1 min tier.
   */
  maxRawBytes: number;
  /** 1 min rollups kept in SQLite. */
  minuteRetentionDays: number;
  clock: ClockPolicy;
  /** Rows per SQLite transaction when writing rollups: bounds how long ingestion waits. */
  writeChunkRows: number;
  /**
   * Share of the event loop the rollup writer may take while ingestion runs (see Pacer). Raised
   * automatically while finished minutes pile up, so the writer always catches up.
   */
  writeDuty: number;
  /** A director silent this long has its current minute written out anyway. */
  sealAfterMs: number;
  /** Largest accepted request body. */
  maxBodyBytes: number;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

function num(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(v)}`);
  return n;
}

/** Defaults: 1 s for an hour, 1 min for a week; SHOAL_TELEMETRY_* override them. */
export function telemetryConfig(overrides: Partial<TelemetryConfig> = {}): TelemetryConfig {
  const rawPath = process.env.SHOAL_TELEMETRY_DATABASE ?? resolve(repoRoot, ".shoal/telemetry.db");
  const path = rawPath.startsWith("file:") ? rawPath.slice(5) : rawPath;
  return {
    databasePath: path === ":memory:" || isAbsolute(path) ? path : resolve(process.cwd(), path),
    rawWindowSeconds: num("SHOAL_TELEMETRY_RAW_SECONDS", 3600),
    minuteRetentionDays: num("SHOAL_TELEMETRY_MINUTE_DAYS", 7),
    maxRawBytes: num("SHOAL_TELEMETRY_RAW_MAX_MB", 1024) * 2 ** 20,
    clock: DEFAULT_CLOCK_POLICY,
    writeChunkRows: 500,
    writeDuty: 0.2,
    sealAfterMs: 75_000,
    maxBodyBytes: 64 * 1024 * 1024,
    ...overrides,
  };
}
