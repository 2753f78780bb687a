/**
 * The IPVS table the real keepalived 2.2.7 loaded from lb1.conf (recorded in lab-output.txt,
 * see README.md) against what Shoal's model says that file holds: desiredState of the keepalived
 * projection, read through engineer A's ipvsadm -S parser. Weights are compared loosely: in the
 * lab nothing answered the health checks, so keepalived had quiesced some real servers (weight 0).
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { desiredState, destKey, formatDiagnostic, parseIpvsadmSave, serviceKey, type KernelService } from "../../../src/index.ts";
import { projectForKeepalived } from "../../../src/keepalived/index.ts";
import { goldenKeepalivedCluster } from "./fixture.ts";

const recorded = readFileSync(new URL("./lab-output.txt", import.meta.url), "utf8");
const saved = recorded.split("== ipvsadm -S -n (while keepalived runs)\n")[1]!.split("\n== ")[0]!;

function shape(s: KernelService) {
  return {
    key: serviceKey(s),
    scheduler: s.scheduler,
    schedFlags: [...s.schedFlags].sort(),
    persistence: s.persistence,
    persistenceNetmask: s.persistenceNetmask,
    onePacket: s.onePacket,
    dests: [...s.dests]
      .map((d) => ({ key: destKey(d), forwarding: d.forwarding, tunnelType: d.tunnelType ?? "ipip", tunnelPort: d.tunnelPort, tunnelCsum: d.tunnelCsum ?? "nocsum" }))
      .sort((a, b) => (a.key < b.key ? -1 : 1)),
  };
}

describe("real keepalived 2.2.7 loaded exactly the table Shoal's model predicts", () => {
  const r = parseIpvsadmSave(saved);
  if (!r.ok) throw new Error(r.errors.map((d) => formatDiagnostic(d)).join("\n"));
  const kernel = r.value.services;
  const expected = desiredState(projectForKeepalived(goldenKeepalivedCluster, { director: "lb1" })).services;

  test("same services, schedulers, flags, persistence, destinations and forwarding", () => {
    // The lab's 6.1 kernel has no ip_vs_twos: keepalived's add of that one service failed.
    const predicted = expected.filter((s) => s.scheduler !== "twos");
    expect(predicted.length).toBe(expected.length - 1);
    expect(kernel.length).toBe(19);
    const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : 1);
    expect(kernel.map(shape).sort(byKey)).toEqual(predicted.map(shape).sort(byKey));
  });

  test("every kernel weight is the configured one or 0 (inhibit_on_failure after failed checks)", () => {
    const want = new Map(expected.flatMap((s) => s.dests.map((d) => [`${serviceKey(s)} ${destKey(d)}`, d.weight] as const)));
    for (const s of kernel) for (const d of s.dests) expect([0, want.get(`${serviceKey(s)} ${destKey(d)}`)]).toContain(d.weight);
  });
});
