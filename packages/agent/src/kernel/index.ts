/** The agent's narrow kernel interface: IPVS table, VIP addresses, sysctls. */
export * from "./types.ts";
export { createSysctl } from "./sysctl.ts";
