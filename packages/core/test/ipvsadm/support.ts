import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** A capture from test/golden/ipvsadm (see its README for how each was made). */
export function golden(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../golden/ipvsadm/${name}`, import.meta.url)), "utf8");
}
