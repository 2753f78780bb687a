import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { KernelCommandError, type Sysctl } from "./types.ts";

/**
 * Sysctls through /proc/sys files, not the sysctl(8) binary: one open+read per value, and the
 * agent needs no procps on minimal directors. Dotted names map to paths; a name may itself use
 * slashes (net/ipv4/vs/expire_nodest_conn) as /proc does.
 */
export function sysctlPath(name: string, root = "/proc/sys"): string {
  if (!/^[A-Za-z0-9_./-]+$/.test(name) || name.includes("..")) {
    throw new KernelCommandError(`sysctl ${name}`, "not a sysctl name");
  }
  // Interface names may contain dots (eth0.100); sysctl(8) writes those as eth0/100 on the
  // command line. Slash-form names are taken verbatim so callers can express them.
  const rel = name.includes("/") ? name : name.replaceAll(".", "/");
  return join(root, rel);
}

export function createSysctl(root = "/proc/sys"): Sysctl {
  return {
    async get(name) {
      try {
        return (await readFile(sysctlPath(name, root), "utf8")).trim();
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw new KernelCommandError(`read ${sysctlPath(name, root)}`, (e as Error).message, errnoOf(e));
      }
    },
    async set(name, value) {
      const path = sysctlPath(name, root);
      try {
        await writeFile(path, `${value}\n`);
      } catch (e) {
        throw new KernelCommandError(`write ${value} to ${path}`, (e as Error).message, errnoOf(e));
      }
    },
  };
}

function errnoOf(e: unknown): number | undefined {
  const n = (e as NodeJS.ErrnoException).errno;
  return typeof n === "number" ? Math.abs(n) : undefined;
}
