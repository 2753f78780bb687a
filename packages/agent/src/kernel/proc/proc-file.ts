import { closeSync, openSync, readSync } from "node:fs";
import { loadAddon, type Addon } from "../native/addon.ts";

const FIRST_BYTES = 1 << 18;

/**
 * A /proc seq_file (here /proc/net/ip_vs) read whole into ONE buffer kept between reads: the
 * table's 5-6 MB at 10,000 services x 10 would otherwise be fresh memory every cycle, and in a
 * slow guest faulting its pages in costs more than reading them. The kernel hands out about a
 * page per read() however big the buffer, so the native reader (seq_read.c) puts 256 page reads
 * in one io_uring submission: ~25 system calls for that table instead of ~1,400. Without the
 * addon (or io_uring) it is a read() loop, synchronous: as many thread-pool round trips would
 * cost more than the reads.
 */
export class ProcFile {
  private buf = Buffer.allocUnsafeSlow(FIRST_BYTES);
  private mode: "auto" | "uring" | "read" = "auto";
  private busy = false;
  /** How the last read went: "uring" | "read" (native) or "node", and its system calls. */
  last: { mode: string; calls: number } | undefined;

  constructor(
    readonly path: string,
    /** null: node's read() loop */
    private readonly addon: Addon | null = nativeReader(),
  ) {}

  /** The file's bytes: a view into the kept buffer, valid until the next read(). */
  async read(): Promise<Buffer> {
    if (this.busy) throw new Error(`${this.path}: read while a read is running`);
    this.busy = true;
    try {
      for (;;) {
        const r = this.addon?.readSeq ? await this.native(this.addon) : this.loop();
        if (r.complete) {
          // keep room for growth; give back a buffer far too big after the table shrank
          if (r.length * 8 < this.buf.length && this.buf.length > FIRST_BYTES) this.buf = Buffer.allocUnsafeSlow(Math.max(FIRST_BYTES, r.length * 2));
          return this.buf.subarray(0, r.length);
        }
        this.buf = Buffer.allocUnsafeSlow(this.buf.length * 2);
      }
    } finally {
      this.busy = false;
    }
  }

  private async native(addon: Addon): Promise<{ length: number; complete: boolean }> {
    try {
      const r = await addon.readSeq!(this.path, this.buf, this.mode);
      this.last = { mode: r.mode, calls: r.calls };
      if (this.mode === "auto") this.mode = r.mode;
      return r;
    } catch (e) {
      // a kernel whose io_uring refuses this file: plain reads from now on
      if (this.mode === "read" || !/io_uring/.test((e as Error).message)) throw e;
      this.mode = "read";
      return this.native(addon);
    }
  }

  private loop(): { length: number; complete: boolean } {
    const fd = openSync(this.path, "r");
    let used = 0;
    let calls = 0;
    try {
      for (;;) {
        if (used === this.buf.length) return { length: used, complete: false };
        const n = readSync(fd, this.buf, used, this.buf.length - used, null);
        calls++;
        if (n <= 0) break;
        used += n;
      }
    } finally {
      closeSync(fd);
    }
    this.last = { mode: "node", calls };
    return { length: used, complete: true };
  }
}

function nativeReader(): Addon | null {
  const a = loadAddon();
  return "error" in a ? null : a.addon;
}
