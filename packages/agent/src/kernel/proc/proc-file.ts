import { closeSync, openSync, readSync } from "node:fs";

/** Reused between reads: its pages are touched once, not once per read of the file. */
let scratch: Buffer | undefined;
const SCRATCH_BYTES = 1 << 16;

/**
 * A /proc seq_file as text in one go. The kernel hands out about one page per read() however
 * big the buffer, so this loops read() into one small buffer that stays mapped and turns it into
 * text every 64 KB: a fresh multi-megabyte buffer per read would page-fault on every page, which
 * costs more than the reads in a slow guest. Small reads are not only slower: a small read of a
 * big /proc/net/ip_vs has come back short (lab/README.md). Synchronous on purpose: ~1,700
 * page-sized reads at 10,000 services cost less than as many thread-pool round trips.
 */
export function readProcText(path: string): string {
  const buf = (scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES));
  const parts: string[] = [];
  const fd = openSync(path, "r");
  try {
    let used = 0;
    for (;;) {
      const n = readSync(fd, buf, used, buf.length - used, null);
      if (n > 0) used += n;
      if (n <= 0 || buf.length - used < 1 << 13) {
        if (used) parts.push(buf.toString("latin1", 0, used));
        used = 0;
      }
      if (n <= 0) break;
    }
  } finally {
    closeSync(fd);
  }
  return parts.join("");
}
