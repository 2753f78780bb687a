import { describe, expect, it } from "vitest";
import { parseIpvsadmList, plan, renderIpvsadmSave, renderIpvsadmTimeouts, renderPlanBatch } from "../../src/index.ts";
import { golden } from "../ipvsadm/support.ts";
import { batchScenario } from "./batch-scenario.ts";

describe("a plan run with ipvsadm -R on the real kernel (kernel 6.1, ipvsadm 1.31)", () => {
  const { current, desired } = batchScenario();
  const ops = plan(current, desired);

  it("the texts fed to the kernel are the ones rendered now", () => {
    expect(renderIpvsadmSave(current) + renderIpvsadmTimeouts(current.timeouts!)).toBe(golden("plan-batch.current.rules"));
    expect(renderPlanBatch(ops)).toBe(golden("plan-batch.batch.txt"));
    expect(ops.map((o) => o.kind)).toEqual([
      "set-timeouts",
      "edit-service",
      "edit-dest",
      "edit-dest",
      "add-dest",
      "edit-dest",
      "delete-dest",
      "edit-service",
      "edit-service",
      "add-service",
      "add-dest",
      "delete-service",
    ]);
  });

  it("after the batch the kernel's ipvsadm -S -n is exactly the desired table", () => {
    expect(golden("plan-batch.S.txt")).toBe(renderIpvsadmSave(desired, { exact: true }));
  });

  it("thresholds set, changed and cleared by -e, and timeouts merged by --set", () => {
    const l = parseIpvsadmList(golden("plan-batch.thresholds.txt"));
    if (!l.ok) throw new Error("capture must parse");
    const got = l.value.services.flatMap((s) =>
      s.dests.filter((d) => d.upperThreshold || d.lowerThreshold).map((d) => `${d.address}:${d.port} ${d.upperThreshold}/${d.lowerThreshold}`),
    );
    const want = desired.services.flatMap((s) =>
      s.dests.filter((d) => d.upperThreshold || d.lowerThreshold).map((d) => `${d.address}:${d.port} ${d.upperThreshold}/${d.lowerThreshold}`),
    );
    expect(got.sort()).toEqual(want.sort());
    expect(golden("plan-batch.timeout.txt")).toBe("Timeout (tcp tcpfin udp): 1000 120 200\n");
  });
});
