import { IpvsadmKernel, type IpvsadmOptions } from "./ipvsadm/ipvsadm-kernel.ts";
import { NetlinkIpvsKernel, type NetlinkIpvsOptions } from "./netlink/ipvs-netlink.ts";
import type { IpvsKernel } from "./types.ts";

export interface OpenIpvsOptions extends NetlinkIpvsOptions, IpvsadmOptions {
  /** "auto" (default): netlink, else ipvsadm. */
  prefer?: "auto" | "netlink" | "ipvsadm";
  /** Told which backend was chosen and why the other was not. */
  log?: (message: string) => void;
}

/** The IPVS backend the agent uses: generic netlink when it works here, `ipvsadm` otherwise. */
export async function openIpvsKernel(opts: OpenIpvsOptions = {}): Promise<IpvsKernel> {
  const log = opts.log ?? (() => {});
  const prefer = opts.prefer ?? "auto";
  if (prefer !== "ipvsadm") {
    try {
      const k = await NetlinkIpvsKernel.open(opts);
      await k.readTimeouts(); // proves the family answers, not only that it is registered
      log(`IPVS backend: netlink (generic netlink family IPVS); reads: ${k.readPath}`);
      return k;
    } catch (e) {
      if (prefer === "netlink") throw e;
      log(`IPVS backend: ipvsadm (netlink unavailable: ${(e as Error).message})`);
    }
  } else log("IPVS backend: ipvsadm (asked for)");
  return new IpvsadmKernel(opts);
}

/** The daemon's spelling (packages/agent/src/daemon/kernels.ts): backend "auto" | "netlink" | "ipvsadm". */
export function createIpvsKernel(opts: { backend?: "auto" | "netlink" | "ipvsadm"; log?: (m: string) => void } = {}): Promise<IpvsKernel> {
  return openIpvsKernel({ prefer: opts.backend ?? "auto", ...(opts.log ? { log: opts.log } : {}) });
}
