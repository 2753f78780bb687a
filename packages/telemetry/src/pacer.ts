/**
 * Keeps background work (rollup writes to SQLite) to a share of the event loop. Ingestion and the
 * live streams run on the same thread: a minute of a 100-director fleet is a million rows, and
 * writing them back to back starved ingestion for seconds at every minute boundary (lag p99 2.7 s,
 * max 8.7 s in bench/ingest). After each slice of work the pacer sleeps long enough that work
 * takes at most `duty` of the wall time; a minute's rows then spread over the following minute.
 */
export class Pacer {
  private sliceStart = performance.now();

  /** duty in (0, 1]; 1 only yields (setImmediate) between slices. */
  constructor(public duty: number) {}

  /** Call between slices of work: yields to the event loop, for longer the longer the slice ran. */
  async pause(): Promise<void> {
    const worked = performance.now() - this.sliceStart;
    const rest = this.duty >= 1 ? 0 : (worked * (1 - this.duty)) / this.duty;
    await new Promise<void>((r) => (rest >= 1 ? setTimeout(r, rest) : setImmediate(r)));
    this.sliceStart = performance.now();
  }

  /** Starts timing a new run of work (after the writer sat idle). */
  reset(): void {
    this.sliceStart = performance.now();
  }
}
