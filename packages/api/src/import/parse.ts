import { Cluster, type Diagnostic } from "@shoal/core";
import { z } from "zod";
import { coreFn } from "../core-fns.ts";

export const ImportFormat = z.enum(["ipvsadm", "keepalived", "lvscf", "backup"]);
export type ImportFormat = z.infer<typeof ImportFormat>;

export type Parsed = { ok: true; cluster: Cluster; warnings: Diagnostic[] } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

/** Any text in any supported format -> a core Cluster, or every located error. Never throws on bad text. */
export function parseImport(format: ImportFormat, text: string, name: string): Parsed {
  if (format === "ipvsadm") {
    const r = coreFn("parseIpvsadmSave")(text);
    if (!r.ok) return r;
    const warnings = [...r.warnings];
    return finish(coreFn("stateToCluster")(r.value, name, warnings), warnings, name);
  }
  const parser = format === "keepalived" ? coreFn("parseKeepalivedConf") : format === "lvscf" ? coreFn("parseLvsCf") : coreFn("parseBackup");
  const r = parser(text);
  if (!r.ok) return r;
  return finish(r.value, r.warnings, name);
}

/** Re-checks the parser's result against the model, so nothing the API would refuse gets in. */
function finish(value: Cluster, warnings: Diagnostic[], name: string): Parsed {
  const checked = Cluster.safeParse({ ...value, name: value.name || name });
  if (!checked.success) return { ok: false, warnings, errors: coreFn("explainZodError")(checked.error, value) };
  return { ok: true, cluster: checked.data, warnings };
}
