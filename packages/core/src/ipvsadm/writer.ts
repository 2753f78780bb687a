/**
 * Appends ASCII text into one growing byte array and decodes it once at the end. Rendering
 * 100,000 real-server lines through string concatenation spent most of its time in the garbage
 * collector (a few short-lived strings per line); this makes no object per line. Works in
 * browsers too (no Buffer). Non-ASCII input is not expected (addresses, numbers, option names);
 * if it comes, the writer switches to plain string concatenation for the rest.
 */
// Only bytes 0-127 are ever stored, where UTF-8 and Latin-1 agree; the UTF-8 decoder is the faster one.
const latin1 = new TextDecoder();

export class AsciiWriter {
  private buf: Uint8Array;
  private pos = 0;
  /** Set when a non-ASCII character was seen: from then on text accumulates here. */
  private tail: string | undefined;

  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(capacity);
  }

  private grow(need: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
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
    if (this.tail !== undefined || !(v >= 0 && v <= 0xffffffff && Math.floor(v) === v)) return this.str(String(v));
    if (this.pos + 10 > this.buf.length) this.grow(10);
    const b = this.buf;
    if (v === 0) {
      b[this.pos++] = 48;
      return this;
    }
    let digits = 0;
    for (let x = v; x >= 1; x = Math.floor(x / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    for (let x = v; x >= 1; x = Math.floor(x / 10)) b[--p] = 48 + (x % 10);
    return this;
  }

  toString(): string {
    const head = latin1.decode(this.buf.subarray(0, this.pos));
    return this.tail === undefined ? head : head + this.tail;
  }
}
