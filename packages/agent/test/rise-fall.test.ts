import { describe, expect, it } from "vitest";
import { INITIAL, observe, type RiseFall } from "../src/health/rise-fall.ts";
import { inQuorum } from "../src/health/quorum.ts";

function run(results: boolean[], limits = { rise: 2, fall: 3 }, start: RiseFall = INITIAL) {
  let s = start;
  const events: string[] = [];
  for (const ok of results) {
    const o = observe(s, ok, limits);
    s = o.next;
    events.push(o.changed ?? (s.up ? "u" : "d"));
  }
  return { state: s, events };
}

describe("rise/fall", () => {
  it("starts up so a restarted agent quiesces nothing before its first checks", () => {
    expect(INITIAL.up).toBe(true);
  });
  it("goes down only after `fall` failures in a row", () => {
    expect(run([false, false, false]).events).toEqual(["u", "u", "down"]);
  });
  it("a success in between resets the failure streak", () => {
    expect(run([false, false, true, false, false]).state.up).toBe(true);
  });
  it("comes back only after `rise` successes in a row", () => {
    const r = run([false, false, false, true, false, true, true]);
    expect(r.events).toEqual(["u", "u", "down", "d", "d", "d", "up"]);
  });
  it("rise 1 / fall 1 follows every result", () => {
    expect(run([false, true, false], { rise: 1, fall: 1 }).events).toEqual(["down", "up", "down"]);
  });
});

describe("quorum hysteresis", () => {
  it("keeps quorum down to quorum - hysteresis once in", () => {
    expect(inQuorum(true, 3, 4, 1)).toBe(true);
    expect(inQuorum(true, 2, 4, 1)).toBe(false);
  });
  it("needs quorum + hysteresis to get back in", () => {
    expect(inQuorum(false, 4, 4, 1)).toBe(false);
    expect(inQuorum(false, 5, 4, 1)).toBe(true);
  });
  it("without hysteresis it is the plain quorum", () => {
    expect(inQuorum(false, 1, 1, 0)).toBe(true);
    expect(inQuorum(true, 0, 1, 0)).toBe(false);
  });
});
