import { describe, expect, test } from "vitest";
import { formatDiagnostic } from "../../../src/index.ts";
import { PIRANHA_SCHEDULERS } from "../../../src/lvscf/cannot-hold.ts";
import { parseLvsCf, projectForLvsCf, renderLvsCf } from "../../../src/lvscf/index.ts";
import { goldenLvsCf } from "./fixture.ts";

describe("lvs.cf golden files", () => {
  for (const [network, cluster] of Object.entries(goldenLvsCf)) {
    test(`${network}.lvs.cf`, async () => {
      const text = renderLvsCf(cluster);
      await expect(text).toMatchFileSnapshot(`./${network}.lvs.cf`);
      expect(text).toMatch(new RegExp(`^network = ${network}$`, "m"));
      for (const s of PIRANHA_SCHEDULERS) expect(text).toMatch(new RegExp(`^\\s+scheduler = ${s}$`, "m"));
      const r = parseLvsCf(text);
      if (!r.ok) throw new Error(r.errors.map((d) => formatDiagnostic(d)).join("\n"));
      expect(r.warnings).toEqual([]);
      expect(r.value).toEqual(projectForLvsCf(cluster));
    });
  }
});
