/**
 * /proc/net/ip_vs as bytes cut into service blocks (a service line and its real-server lines),
 * each with a hash of its text without the connection columns (ActiveConn, InActConn of each
 * real-server line), and those columns as numbers. One pass, no strings: a reconcile re-parses
 * only the blocks whose hash it has not seen, and an unchanged table is just this pass.
 */
export interface ProcScan {
  /** Bytes [0, headerEnd): the three header lines. */
  headerEnd: number;
  /** Block i is bytes [starts[i], starts[i + 1]); blocks = starts.length - 1. */
  starts: number[];
  /** Block i's hash (53 bits: two 32-bit FNV-1a style hashes with different primes, folded). */
  hashes: number[];
  /** Block i's real servers are counts[2k], counts[2k + 1] for k in [firstDest[i], firstDest[i + 1]). */
  firstDest: number[];
  /** Active and inactive connections of every real-server line, in file order. */
  counts: number[];
  /** The whole table's hash (the header's and every block's, in order) and length. */
  fingerprint: string;
}

const NL = 10;
const SPACE = 32;

export function scanProcIpvs(bytes: Uint8Array): ProcScan {
  const len = bytes.length;
  let headerEnd = 0;
  for (let k = 0; k < 3 && headerEnd < len; k++) {
    const nl = bytes.indexOf(NL, headerEnd);
    headerEnd = nl < 0 ? len : nl + 1;
  }
  const starts: number[] = [];
  const hashes: number[] = [];
  const firstDest: number[] = [];
  const counts: number[] = [];
  let ta = hashA(0x811c9dc5, bytes, 0, headerEnd);
  let tb = hashB(0x01000193 ^ 0x5bd1e995, bytes, 0, headerEnd);
  let a = 0;
  let b = 0;
  let inBlock = false;
  for (let i = headerEnd; i < len;) {
    const c0 = bytes[i]!;
    // a line before the first service line opens a block too: its parse then reports it
    if (c0 !== SPACE || !inBlock) {
      if (inBlock) {
        const h = fold(a, b);
        hashes.push(h);
        ta = Math.imul(ta ^ a, 0x01000193);
        tb = Math.imul(tb ^ b, 0x5bd1e995) ^ (tb >>> 15);
      }
      starts.push(i);
      firstDest.push(counts.length >> 1);
      inBlock = true;
      a = 0x811c9dc5;
      b = 0x01000193 ^ 0x5bd1e995;
    }
    // "  ->": a real-server line, whose 5th and 6th fields are the connection counts
    const dest = c0 === SPACE && bytes[i + 2] === 45 && bytes[i + 3] === 62;
    let fields = 0;
    let inField = false;
    let active = 0;
    let inactive = 0;
    for (; i < len; i++) {
      const c = bytes[i]!;
      if (c === NL) {
        i++;
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
        break;
      }
      if (dest) {
        const space = c === SPACE;
        if (!space && !inField) fields++;
        inField = !space;
        if (fields > 4) {
          if (!space) {
            if (fields === 5) active = active * 10 + (c - 48);
            else if (fields === 6) inactive = inactive * 10 + (c - 48);
          }
          continue;
        }
      }
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    if (dest) counts.push(active, inactive);
  }
  if (inBlock) {
    hashes.push(fold(a, b));
    ta = Math.imul(ta ^ a, 0x01000193);
    tb = Math.imul(tb ^ b, 0x5bd1e995) ^ (tb >>> 15);
  }
  starts.push(len);
  firstDest.push(counts.length >> 1);
  return { headerEnd, starts, hashes, firstDest, counts, fingerprint: `${(ta >>> 0).toString(16)}:${(tb >>> 0).toString(16)}:${len}` };
}

function hashA(h: number, bytes: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h;
}

function hashB(h: number, bytes: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, 0x5bd1e995) ^ (h >>> 15);
  return h;
}

function fold(a: number, b: number): number {
  return (a >>> 0) * 2097152 + (b >>> 11);
}
