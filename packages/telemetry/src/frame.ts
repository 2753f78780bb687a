import type { WireTotals } from "@shoal/core/metrics/index";
import type { Layout } from "./layout.ts";

/** One director's sample as stored in memory: the decoded matrices, shared, never copied. */
export interface Frame {
  /** Console-aligned time, ms (see alignBatchTimes). */
  t: number;
  /** The agent's own timestamp, ms: lag is measured from here. */
  agentT: number;
  layout: Layout;
  svc: Float32Array;
  dst: Float32Array;
  totals: WireTotals | null;
}

/** Fixed-capacity ring of frames, oldest first. */
export class FrameRing {
  private readonly buf: (Frame | undefined)[];
  private start = 0;
  private size = 0;

  constructor(capacity: number) {
    this.buf = new Array(Math.max(1, capacity));
  }

  get length(): number {
    return this.size;
  }

  push(f: Frame): void {
    const cap = this.buf.length;
    this.bytes += f.svc.byteLength + f.dst.byteLength;
    if (this.size === cap) this.dropOldest();
    if (this.size < cap) {
      this.buf[(this.start + this.size) % cap] = f;
      this.size++;
    } else {
      this.buf[this.start] = f;
      this.start = (this.start + 1) % cap;
    }
  }

  /** Bytes of matrix data held, for the memory budget. */
  bytes = 0;
  /** True once a frame was dropped (ring full or memory budget): older data is no longer here. */
  droppedAny = false;

  oldest(): Frame | undefined {
    return this.size ? this.buf[this.start] : undefined;
  }

  dropOldest(): void {
    if (!this.size) return;
    const f = this.buf[this.start]!;
    this.bytes -= f.svc.byteLength + f.dst.byteLength;
    this.droppedAny = true;
    this.buf[this.start] = undefined;
    this.start = (this.start + 1) % this.buf.length;
    this.size--;
  }

  latest(): Frame | undefined {
    return this.size ? this.buf[(this.start + this.size - 1) % this.buf.length] : undefined;
  }

  /** Frames with from <= t <= to, oldest first. */
  range(from: number, to: number): Frame[] {
    const out: Frame[] = [];
    for (let i = 0; i < this.size; i++) {
      const f = this.buf[(this.start + i) % this.buf.length]!;
      if (f.t >= from && f.t <= to) out.push(f);
    }
    return out;
  }
}
