import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The agent's native addon (packages/agent/native, built at install with the system C compiler):
 * the netlink dump loop (ipvs_dump.c) and the /proc reader (seq_read.c). Optional: without it
 * the agent reads through the npm `netlink` socket and node's own file reads, slower at scale.
 */
export interface Addon {
  dump(requests: Buffer, mode?: "auto" | "uring" | "mmsg", sizeHint?: number, destCmd?: number): Promise<{ data: Buffer; mode: "uring" | "mmsg"; requests: number; ms: number[] }>;
  /** Unmaps a dump's reply memory now (the Buffer is detached: empty from then on). */
  release?(data: Buffer): void;
  /** A /proc seq_file into `into` from its start (absent in addons built before it). */
  readSeq?(path: string, into: Buffer, mode?: "auto" | "uring" | "read"): Promise<{ length: number; complete: boolean; mode: "uring" | "read"; calls: number }>;
}

const FILE = "ipvs_dump.node";

/** Places the addon may be, first match wins: the agent's bundle ships it beside shoal-agent.cjs. */
export function addonCandidates(): string[] {
  const out: string[] = [];
  if (process.env.SHOAL_IPVS_ADDON) out.push(process.env.SHOAL_IPVS_ADDON);
  let here: string | undefined;
  try {
    here = dirname(fileURLToPath(import.meta.url));
  } catch {
    /* no file URL (e.g. eval): only the other places */
  }
  if (here) {
    out.push(join(here, FILE)); // dist/ beside the single-file bundle
    out.push(join(here, "../../../native/build", FILE)); // src/kernel/native in the repository
  }
  // lab bundles of tests run from .cache; the guest sees the repository at $SHOAL_REPO
  if (process.env.SHOAL_REPO) out.push(join(process.env.SHOAL_REPO, "packages/agent/native/build", FILE));
  return out;
}

/** The addon, or why not (not built, wrong platform, load error). */
export function loadAddon(path?: string): { addon: Addon; path: string } | { error: string } {
  if (process.platform !== "linux") return { error: "not Linux" };
  const paths = path ? [path] : addonCandidates();
  const found = paths.find((p) => existsSync(p));
  if (!found) return { error: `${FILE} not built (looked in ${paths.join(", ")}; pnpm install builds it with cc)` };
  try {
    const addon = createRequire(import.meta.url)(found) as Addon;
    if (typeof addon?.dump !== "function") return { error: `${found}: no dump()` };
    return { addon, path: found };
  } catch (e) {
    return { error: `${found}: ${(e as Error).message}` };
  }
}
