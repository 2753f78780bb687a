// Issue 21's corpus in the real kernel: writes, per corpus file (packages/core/test/corpus), what
// corpus.sh loads into separate network namespaces: the original (keepalived.conf or ipvsadm -S,
// never Shoal's output), Shoal's keepalived.conf and ipvsadm exports of its import, and the
// addresses and TCP ports its real servers and checkers use (brought up so the checks pass).
//   node corpus.mjs OUTDIR     (SHOAL_CORPUS_DIR names the corpus directory)
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseLvsCf, renderIpvsadmRules, renderLvsCf } from "../../../packages/core/src/index.ts";
import { CORPUS, corpusText, exportsOf, importAs } from "../../../packages/core/test/corpus/corpus.ts";

const out = process.argv[2]!;
for (const { file, format } of CORPUS) {
  const dir = join(out, file.replace(/[^A-Za-z0-9_-]/g, "_"));
  mkdirSync(dir, { recursive: true });
  const text = corpusText(file);
  const { cluster } = importAs(format, text);
  const ex = exportsOf(cluster);
  // Piranha has no engine in the lab: its original is compared through Shoal's lvs.cf round trip.
  if (format === "keepalived") writeFileSync(join(dir, "original.keepalived.conf"), text);
  if (format === "ipvsadm") writeFileSync(join(dir, "original.ipvsadm"), text);
  if (format === "lvscf") {
    const back = parseLvsCf(renderLvsCf(cluster));
    if (!back.ok) throw new Error(`${file}: Shoal's lvs.cf export does not read back`);
    writeFileSync(join(dir, "lvscf-roundtrip.ipvsadm"), renderIpvsadmRules(back.value));
  }
  writeFileSync(join(dir, "export.keepalived.conf"), ex.keepalived);
  writeFileSync(join(dir, "export.ipvsadm"), ex.ipvsadm);
  const addrs = new Set<string>();
  const ports = new Set<number>();
  for (const vs of cluster.virtualServices) {
    for (const rs of vs.realServers) {
      addrs.add(rs.address);
      const c = rs.healthCheck ?? vs.healthCheck;
      const p = (c.type !== "none" ? c.port : undefined) ?? rs.port;
      if (p) ports.add(p);
      if (rs.port) ports.add(rs.port);
    }
    if (vs.sorryServer) addrs.add(vs.sorryServer.address);
  }
  writeFileSync(join(dir, "addrs"), [...addrs].join("\n") + "\n");
  writeFileSync(join(dir, "ports"), [...ports].join("\n") + "\n");
  console.log(`${file}: ${cluster.virtualServices.length} services -> ${dir}`);
}
