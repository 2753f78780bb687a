import type { AgentConfig } from "../config/config.ts";
import { createAddressKernel, createIpvsKernel, createSysctl, type AddressKernel, type IpvsKernel, type Sysctl } from "../kernel/index.ts";
import type { Logger } from "../log.ts";

export interface Kernels {
  ipvs: IpvsKernel;
  addresses: AddressKernel;
  sysctl: Sysctl;
}

/** Opens the kernel side: netlink IPVS (or the ipvsadm fallback), `ip` for addresses, /proc/sys. */
export async function openKernels(cfg: Pick<AgentConfig, "kernel">, log?: Logger): Promise<Kernels> {
  const ipvs = await createIpvsKernel({ backend: cfg.kernel, ...(log ? { log: (m: string) => log.info(m) } : {}) });
  return { ipvs, addresses: createAddressKernel(), sysctl: createSysctl() };
}
