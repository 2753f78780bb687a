const PREFIX = ["", "k", "M", "G", "T", "P"];

/** 1234567 -> "1.23 M"; for axes and legends of packet, byte and connection rates. */
export function si(v: number | null | undefined, unit = ""): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  let x = Math.abs(v);
  let i = 0;
  while (x >= 1000 && i < PREFIX.length - 1) {
    x /= 1000;
    i++;
  }
  // Three significant digits at most: "1.23 M", "12.3 M", "123 M".
  const text = Number.isInteger(x) || x >= 100 ? Math.round(x).toString() : x >= 10 ? x.toFixed(1) : x.toFixed(2);
  return `${v < 0 ? "-" : ""}${text}${PREFIX[i] || unit ? " " : ""}${PREFIX[i]}${unit}`;
}
