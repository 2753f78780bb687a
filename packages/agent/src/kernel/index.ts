/** The agent's narrow kernel interface: IPVS table, VIP addresses, sysctls. */
export * from "./types.ts";
export { createSysctl, sysctlPath } from "./sysctl.ts";
export { createAddressKernel, parseIpJsonAddr } from "./address.ts";
export { openIpvsKernel, createIpvsKernel, type OpenIpvsOptions } from "./open.ts";
export { NetlinkIpvsKernel, type NetlinkIpvsOptions } from "./netlink/ipvs-netlink.ts";
export { IpvsadmKernel, type IpvsadmOptions } from "./ipvsadm/ipvsadm-kernel.ts";
export { ipvsErrorMessage } from "./errors.ts";
