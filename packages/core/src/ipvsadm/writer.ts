/**
 * Appends ASCII text into one growing byte array and decodes it once at the end. Rendering
 * 100,000 real-server lines through string concatenation spent most of its time in the garbage
 * collector (a few short-lived strings per line); this makes no object per line. Works in
 * browsers too (no Buffer). Non-ASCII input is not expected (addresses, numbers, option names);
 * if it comes, the writer switches to plain string concatenation for the rest.
 */
// Only bytes 0-127 are ever stored, where UTF-8 and Latin-1 agree. On Node, Buffer's latin1 copy
// makes a one-byte string ~50x faster than TextDecoder (0.5 vs 25-30 ms for a 100,000-line
// table: most of a render); browsers have no Buffer and take the UTF-8 decoder, their faster one.
const utf8 = new TextDecoder();
type Latin1Buffer = { from(b: ArrayBufferLike, offset: number, length: number): { latin1Slice(start: number, end: number): string } };
const NodeBuffer = (globalThis as unknown as { Buffer?: Latin1Buffer }).Buffer;
function decodeAscii(b: Uint8Array, end: number): string {
  if (NodeBuffer) return NodeBuffer.from(b.buffer, b.byteOffset, end).latin1Slice(0, end);
  return utf8.decode(b.subarray(0, end));
}

export class AsciiWriter {
  private buf: Uint8Array;
  private pos = 0;
  /** Set when a non-ASCII character was seen: from then on text accumulates here. */
  private tail: string | undefined;

  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(capacity);
  }

  private static shared: Uint8Array | undefined;

  /**
   * A writer over a buffer kept between calls (it grows to the largest text rendered): a 100,000-
   * line render then allocates nothing but its result. Only for code that finishes with
   * toString() before anything else uses scratch() (rendering is synchronous, so that holds).
   */
  static scratch(): AsciiWriter {
    const w = new AsciiWriter(0);
    w.buf = AsciiWriter.shared ?? new Uint8Array(1 << 16);
    w.keep = true;
    return w;
  }

  private keep = false;

  private grow(need: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    if (this.keep) AsciiWriter.shared = next;
  }

  str(s: string): this {
    if (this.tail !== undefined) {
      this.tail += s;
      return this;
    }
    const n = s.length;
    if (this.pos + n > this.buf.length) this.grow(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 127) {
        this.pos = p;
        this.tail = s.slice(i);
        return this;
      }
      b[p++] = c;
    }
    this.pos = p;
    return this;
  }

  /** A non-negative integer (or any number, through its string form). */
  num(v: number): this {
    if (this.tail !== undefined || !(v >= 0 && v <= 0x7fffffff) || (v | 0) !== v) return this.str(String(v));
    if (this.pos + 10 > this.buf.length) this.grow(10);
    this.pos = putUint(this.buf, this.pos, v);
    return this;
  }

  /**
   * Room for `n` more bytes, for a caller that writes them itself (the real-server lines of a
   * 100,000-line table): returns the buffer, or undefined after non-ASCII text (then use str()).
   * The caller writes from at() and then calls advance() with the new position.
   */
  reserve(n: number): Uint8Array | undefined {
    if (this.tail !== undefined) return undefined;
    if (this.pos + n > this.buf.length) this.grow(n);
    return this.buf;
  }

  at(): number {
    return this.pos;
  }

  advance(pos: number): void {
    this.pos = pos;
  }

  toString(): string {
    const head = decodeAscii(this.buf, this.pos);
    return this.tail === undefined ? head : head + this.tail;
  }
}

/** A non-negative integer below 2^31 as decimal digits at b[p] (room is the caller's); returns the position after it. */
export function putUint(b: Uint8Array, p: number, v: number): number {
  const digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : v < 1000000 ? 6 : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
  let q = p + digits;
  const end = q;
  do {
    const n = (v / 10) | 0;
    b[--q] = 48 + v - n * 10;
    v = n;
  } while (v > 0);
  return end;
}
