import { join } from "node:path";
import { z } from "zod";
import { Cluster } from "@shoal/core";
import { readJsonIfExists, writeFileAtomic } from "../util/atomic-file.ts";

/**
 * The agent's memory across restarts, in its state dir (0700, files 0600, atomic writes):
 * - revision.json: the last revision applied in full, so a director that boots without its
 *   console still gets its table (and a restart re-applies nothing new);
 * - managed.json: which virtual services and VIPs this agent created or adopted, so it never
 *   deletes what an operator (or keepalived) put there by hand;
 * - status.json: the last status report, for `shoal-agent status`.
 */

export const StoredRevision = z.object({
  revision: z.number().int().min(0),
  cluster: Cluster,
  director: z.record(z.string(), z.unknown()).optional(),
  appliedAt: z.string().optional(),
});
export type StoredRevision = z.infer<typeof StoredRevision>;

export const ManagedVip = z.object({ address: z.string(), prefix: z.number().int(), iface: z.string() });
export type ManagedVip = z.infer<typeof ManagedVip>;

export const Managed = z.object({
  /** serviceKey()s. */
  services: z.array(z.string()).default([]),
  vips: z.array(ManagedVip).default([]),
});
export type Managed = z.infer<typeof Managed>;

export class StateStoreError extends Error {
  override name = "StateStoreError";
}

export class StateStore {
  constructor(readonly dir: string) {}

  get revisionPath(): string {
    return join(this.dir, "revision.json");
  }
  get managedPath(): string {
    return join(this.dir, "managed.json");
  }
  get statusPath(): string {
    return join(this.dir, "status.json");
  }

  async loadRevision(): Promise<StoredRevision | undefined> {
    return this.load(this.revisionPath, StoredRevision);
  }
  async saveRevision(r: StoredRevision): Promise<void> {
    // one line: at 10,000 x 10 that is 16 MB instead of 25 MB indented, written at every applied revision
    await writeFileAtomic(this.revisionPath, `${JSON.stringify(r)}\n`);
  }
  async loadManaged(): Promise<Managed> {
    return (await this.load(this.managedPath, Managed)) ?? { services: [], vips: [] };
  }
  async saveManaged(m: Managed): Promise<void> {
    const sorted: Managed = {
      services: [...new Set(m.services)].sort(),
      vips: [...m.vips].sort((a, b) => `${a.iface} ${a.address}`.localeCompare(`${b.iface} ${b.address}`)),
    };
    await writeFileAtomic(this.managedPath, `${JSON.stringify(sorted, null, 1)}\n`);
  }
  async loadStatus(): Promise<unknown> {
    return readJsonIfExists(this.statusPath);
  }
  async saveStatus(s: unknown): Promise<void> {
    await writeFileAtomic(this.statusPath, `${JSON.stringify(s, null, 1)}\n`);
  }

  private async load<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
    let raw: unknown;
    try {
      raw = await readJsonIfExists(path);
    } catch (e) {
      throw new StateStoreError(`state file ${path} is unreadable: ${(e as Error).message}`);
    }
    if (raw === undefined) return undefined;
    const r = schema.safeParse(raw);
    if (!r.success) throw new StateStoreError(`state file ${path} is not valid: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    return r.data;
  }
}
