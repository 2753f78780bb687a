/**
 * A 64-bit fingerprint of /proc/net/ip_vs text without the connection columns (ActiveConn,
 * InActConn of each real-server line): equal fingerprints mean the same table, whatever the
 * traffic, so a reconcile can skip parsing and planning it. Two 32-bit FNV-1a style hashes with
 * different seeds and primes: a collision would hide a change only until the next full netlink
 * read (plan-read.ts).
 */
export function tableFingerprint(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  let fields = 0; // fields started on this line; -1: not a real-server line
  let inField = false;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (lineStart) {
      // "  ->": a real-server line, whose 5th and 6th fields are the connection counts
      fields = c === 32 && text.charCodeAt(i + 2) === 45 && text.charCodeAt(i + 3) === 62 ? 0 : -1;
      inField = false;
      lineStart = false;
    }
    if (c === 10) lineStart = true;
    else if (fields >= 0) {
      const space = c === 32;
      if (!space && !inField) fields++;
      inField = !space;
      if (fields > 4) continue;
    }
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(16)}:${(b >>> 0).toString(16)}:${text.length}`;
}
