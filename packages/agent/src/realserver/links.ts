import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Interfaces that are administratively up (`ip -j link`). */
export async function devicesUp(): Promise<Set<string>> {
  const { stdout } = await run("ip", ["-j", "link", "show"]);
  const links = JSON.parse(stdout) as { ifname: string; flags?: string[] }[];
  return new Set(links.filter((l) => l.flags?.includes("UP")).map((l) => l.ifname));
}

/**
 * Creates a tunnel fallback device by loading its module (loading ipip creates tunl0), then
 * brings it up. modprobe may be absent or the module built in: the `ip link` result decides.
 */
export async function ensureDeviceUp(device: string, module?: string): Promise<void> {
  if (module) await run("modprobe", [module]).catch(() => undefined);
  try {
    await run("ip", ["link", "set", device, "up"]);
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`ip link set ${device} up: ${(err.stderr ?? err.message).trim()}`, { cause: e });
  }
}
