import { describe, expect, test } from "vitest";
import { formatDiagnostic, SCHEDULERS } from "../../../src/index.ts";
import { parseKeepalivedConf, projectForKeepalived, renderKeepalivedConf } from "../../../src/keepalived/index.ts";
import { goldenKeepalivedCluster } from "./fixture.ts";

describe("keepalived.conf golden files", () => {
  for (const director of ["lb1", "lb2"]) {
    test(`${director}.conf`, async () => {
      const text = renderKeepalivedConf(goldenKeepalivedCluster, { director });
      await expect(text).toMatchFileSnapshot(`./${director}.conf`);
      const r = parseKeepalivedConf(text);
      if (!r.ok) throw new Error(r.errors.map((d) => formatDiagnostic(d)).join("\n"));
      expect(r.warnings).toEqual([]);
      expect(r.value).toEqual(projectForKeepalived(goldenKeepalivedCluster, { director }));
    });
  }

  test("the golden file covers every scheduler, method, tunnel type and checker", () => {
    const text = renderKeepalivedConf(goldenKeepalivedCluster, { director: "lb1" });
    for (const s of SCHEDULERS) expect(text).toMatch(new RegExp(`^\\s+lvs_sched ${s}$`, "m"));
    for (const m of ["NAT", "DR", "TUN", "TUN type gue port 6080 csum", "TUN type gre"]) expect(text).toMatch(new RegExp(`^\\s+lvs_method ${m}$`, "m"));
    for (const c of ["TCP_CHECK", "HTTP_GET", "SSL_GET", "MISC_CHECK"]) expect(text).toContain(`${c} {`);
    expect(text).toContain("virtual_server fwmark 8 {");
    expect(text).toContain('misc_path "/usr/local/bin/check-app --host 10.9.0.11 --port 8003"');
  });

  test("the primary starts MASTER with its priority, the backup BACKUP with its own", () => {
    expect(renderKeepalivedConf(goldenKeepalivedCluster, { director: "lb1" })).toMatch(/state MASTER\n\s+interface d0\n\s+virtual_router_id 51\n\s+priority 150\n/);
    expect(renderKeepalivedConf(goldenKeepalivedCluster, { director: "lb2" })).toMatch(/state BACKUP\n\s+interface d0\n\s+virtual_router_id 51\n\s+priority 100\n/);
  });

  test("an unknown director is refused, in both languages", () => {
    expect(() => renderKeepalivedConf(goldenKeepalivedCluster, { director: "lb9" })).toThrow(/lb9.*调度器/);
  });
});
