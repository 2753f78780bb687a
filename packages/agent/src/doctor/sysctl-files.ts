/**
 * Reads sysctl.conf-style text for the LVS keys and their common misspellings: a line like
 * `net.ipv4.conf.all.arp_ingore = 1` is silently ignored by `sysctl -p` (with a warning few
 * read), and the real server answers ARP for the VIP after the next reboot.
 */
export interface SysctlLine {
  file: string;
  line: number;
  key: string;
  value: string;
}

export interface SysctlFinding {
  file: string;
  line: number;
  problem: string;
  fix: string;
}

const KNOWN = ["arp_ignore", "arp_announce", "rp_filter", "ip_forward"];

export function parseSysctlText(file: string, text: string): SysctlLine[] {
  const out: SysctlLine[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) return;
    const m = /^-?\s*([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (m) out.push({ file, line: i + 1, key: m[1]!.replaceAll("/", "."), value: m[2]!.trim() });
  });
  return out;
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

/** Misspelled LVS keys, and ARP settings of a DR/TUN real server with the wrong value. */
export function checkSysctlLines(lines: readonly SysctlLine[], want: Record<string, string>): SysctlFinding[] {
  const out: SysctlFinding[] = [];
  for (const l of lines) {
    const leaf = l.key.split(".").pop() ?? "";
    if (!KNOWN.includes(leaf)) {
      const near = KNOWN.find((k) => distance(leaf, k) <= 2);
      if (near)
        out.push({ file: l.file, line: l.line, problem: `"${l.key}" is not a kernel parameter (misspelled ${near}?)`, fix: `write ${l.key.replace(leaf, near)} = ${l.value}` });
      continue;
    }
    const w = want[l.key];
    if (w !== undefined && l.value !== w) out.push({ file: l.file, line: l.line, problem: `${l.key} = ${l.value}, an LVS real server needs ${w}`, fix: `set ${l.key} = ${w}` });
  }
  return out;
}

/** Keys in `want` that no file sets: lost at the next reboot. */
export function notPersisted(lines: readonly SysctlLine[], want: Record<string, string>): string[] {
  const set = new Set(lines.map((l) => l.key));
  return Object.keys(want).filter((k) => !set.has(k));
}
