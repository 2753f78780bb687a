/**
 * Netfilter rules that may interfere with IPVS: anything that names a VIP (a DROP/REJECT or a
 * DNAT before IPVS sees the packet) and MARK rules (fwmark services depend on them; a stray MARK
 * steers traffic to the wrong service). Returns the matching rule lines, for the operator to read.
 */
export function interferingRules(ruleset: string, vips: readonly string[]): string[] {
  const hits: string[] = [];
  for (const raw of ruleset.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const names = vips.some((v) => new RegExp(`(^|[^0-9a-fA-F.:])${v.replace(/[.]/g, "\\.")}(/(32|128))?($|[^0-9a-fA-F.:/])`).test(line));
    if (names || /\bMARK\b|meta mark set|\bmark set\b/.test(line)) hits.push(line);
  }
  return hits;
}
