/**
 * The corpus (issue 21): configurations in the shapes keepalived's and Piranha's documentation
 * show, written for Shoal's tests, none of them Shoal's output. Read by the unit test beside this
 * file and by the lab test lab/tests/corpus, which loads each original and Shoal's exports into
 * the real keepalived and ipvsadm and compares the kernel tables.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  parseIpvsadmSave,
  parseKeepalivedConf,
  parseLvsCf,
  renderIpvsadmRules,
  renderKeepalivedConf,
  renderLvsCf,
  stateToCluster,
  type Cluster,
  type Diagnostic,
} from "../../src/index.ts";

export type CorpusFormat = "keepalived" | "lvscf" | "ipvsadm";

export const CORPUS: { file: string; format: CorpusFormat }[] = [
  { file: "web-shop.keepalived.conf", format: "keepalived" },
  { file: "mail-dns-dr.keepalived.conf", format: "keepalived" },
  { file: "piranha-nat.lvs.cf", format: "lvscf" },
  { file: "saved.ipvsadm", format: "ipvsadm" },
];

export function corpusDir(): string {
  return process.env.SHOAL_CORPUS_DIR ?? dirname(fileURLToPath(import.meta.url));
}

export function corpusText(file: string): string {
  return readFileSync(join(corpusDir(), file), "utf8");
}

export function importAs(format: CorpusFormat, text: string): { cluster: Cluster; warnings: Diagnostic[] } {
  if (format === "ipvsadm") {
    const r = parseIpvsadmSave(text);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const warnings = [...r.warnings];
    return { cluster: stateToCluster(r.value, "corpus", warnings), warnings };
  }
  const r = format === "keepalived" ? parseKeepalivedConf(text) : parseLvsCf(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { cluster: r.value, warnings: r.warnings };
}

/** Shoal's export of a cluster in each format the kernel table can be loaded from. */
export function exportsOf(c: Cluster): { keepalived: string; ipvsadm: string; lvscf: string } {
  return { keepalived: renderKeepalivedConf(c), ipvsadm: renderIpvsadmRules(c), lvscf: renderLvsCf(c) };
}
