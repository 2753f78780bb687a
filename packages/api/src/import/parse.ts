import {
  Cluster,
  Director,
  explainZodError,
  parseBackup,
  parseKeepalivedConf,
  parseLvsCf,
  readIpvsadmSaveRest,
  stateToCluster,
  type DirectorProposal,
  type Diagnostic,
} from "@shoal/core";
import { z } from "zod";

export const ImportFormat = z.enum(["ipvsadm", "keepalived", "lvscf", "backup"]);
export type ImportFormat = z.infer<typeof ImportFormat>;

/** The operator's answer in the preview: the directors to create (the file's own, its peer). */
export const DirectorAnswer = Director.pick({ name: true, role: true, managementAddress: true });
export type DirectorAnswer = z.infer<typeof DirectorAnswer>;

export interface ImportOptions {
  /** Replaces the directors the file gives (keepalived: the file's own director, the VRRP peer). */
  directors?: DirectorAnswer[];
  /** ipvsadm: load every good line as `ipvsadm -R` does, leaving out the bad ones (named in `skipped`). */
  skipBadLines?: boolean;
}

export type Parsed =
  | { ok: true; cluster: Cluster; warnings: Diagnostic[]; directors: DirectorProposal[]; skipped: Diagnostic[] }
  | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[]; directors: DirectorProposal[]; canSkip: boolean };

/** Any text in any supported format -> a core Cluster, or every located error. Never throws on bad text. */
export function parseImport(format: ImportFormat, text: string, name: string, opts: ImportOptions = {}): Parsed {
  if (format === "ipvsadm") {
    const r = readIpvsadmSaveRest(text);
    const warnings = [...r.warnings];
    // Only a file where some lines do read can be imported "without the bad lines".
    if (r.errors.length && !opts.skipBadLines) return { ok: false, errors: r.errors, warnings, directors: [], canSkip: r.state.services.length > 0 };
    return finish(stateToCluster(r.state, name, warnings), warnings, name, [], r.errors, opts);
  }
  if (format === "keepalived") {
    const r = parseKeepalivedConf(text);
    if (!r.ok) return { ...r, canSkip: false };
    return finish(r.value, r.warnings, name, r.directors, [], opts);
  }
  const r = format === "lvscf" ? parseLvsCf(text) : parseBackup(text);
  if (!r.ok) return { ...r, directors: [], canSkip: false };
  return finish(r.value, r.warnings, name, [], [], opts);
}

/**
 * Checks what the operator added (the name, the directors) against the model, so nothing the API
 * would refuse gets in. Every parser's value is already the model's own output (Cluster.parse),
 * so it is not parsed a second time: on a 10 MB dump that second pass cost 0.8 s.
 */
function finish(value: Cluster, warnings: Diagnostic[], name: string, directors: DirectorProposal[], skipped: Diagnostic[], opts: ImportOptions): Parsed {
  if (!opts.directors) {
    const named: Cluster = { ...value, name: value.name || name };
    const n = Cluster.pick({ name: true }).safeParse(named);
    if (!n.success) return { ok: false, warnings, errors: explainZodError(n.error, named), directors, canSkip: false };
    return { ok: true, cluster: named, warnings, directors, skipped };
  }
  const input = { ...value, name: value.name || name, directors: opts.directors };
  const checked = Cluster.safeParse(input);
  if (!checked.success) return { ok: false, warnings, errors: explainZodError(checked.error, input), directors, canSkip: false };
  return { ok: true, cluster: checked.data, warnings, directors, skipped };
}
