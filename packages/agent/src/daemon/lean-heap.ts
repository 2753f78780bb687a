import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * V8's memory-saving heuristics (--optimize-for-size), switched on once the first revision is in
 * the kernel, then one full collection. Given at start they cost the start itself: with them the
 * daemon applied a 10,000 x 10 revision into an empty lab kernel in 47-56 s, without them in
 * 18-30 s, most of the difference being garbage collection. Idle, they are what keeps the heap
 * near its live size (idle RSS 113 MB with them, 191 MB without, same boot: bench/agent daemon
 * mode). V8 reads the flag whenever it sizes the heap after a collection, so setting it later
 * takes effect from then on; the collection right away drops the start's garbage (the plan of
 * 110,000 operations and its messages) instead of waiting for the heap to fill up to the limit
 * the start left. A later large revision is applied in the lean mode (slower, and rarer).
 */
export function leanHeapFromNowOn(): void {
  if (process.execArgv.includes("--no-optimize-for-size")) return;
  setFlagsFromString("--optimize-for-size");
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}
