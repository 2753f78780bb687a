// AddressKernel and Sysctl in a real namespace: VIP aliases with labels, idempotent add/remove,
// the kernel's own refusal; sysctls read and written through /proc/sys.
import { execFileSync } from "node:child_process";
import { createAddressKernel } from "../../../packages/agent/src/kernel/address.ts";
import { createSysctl } from "../../../packages/agent/src/kernel/sysctl.ts";
import { KernelCommandError } from "../../../packages/agent/src/kernel/types.ts";
import { check, failures } from "./lib.ts";

const a = createAddressKernel();
await a.add({ address: "10.40.0.100", prefix: 32, iface: "d0", label: "d0:1" });
await a.add({ address: "10.40.0.100", prefix: 32, iface: "d0", label: "d0:1" }); // again: a no-op
await a.add({ address: "fd00:40::100", prefix: 128, iface: "d0" });
const shown = execFileSync("ip", ["addr", "show", "dev", "d0"], { encoding: "utf8" });
check("VIP added with its alias label, as ip addr shows it", /inet 10\.40\.0\.100\/32 scope global d0:1/.test(shown), shown);
const listed = await a.list("d0");
check(
  "list() reports address, prefix, label and family",
  listed.some((x) => x.address === "10.40.0.100" && x.prefix === 32 && x.label === "d0:1" && x.family === "inet") &&
    listed.some((x) => x.address === "fd00:40::100" && x.prefix === 128 && x.family === "inet6"),
  listed,
);
check("adding it twice left one address", listed.filter((x) => x.address === "10.40.0.100").length === 1);
await a.remove({ address: "10.40.0.100", prefix: 32, iface: "d0" });
await a.remove({ address: "10.40.0.100", prefix: 32, iface: "d0" }); // again: a no-op
check("VIP removed (and removing it twice is fine)", !(await a.list("d0")).some((x) => x.address === "10.40.0.100"));
try {
  await a.add({ address: "10.40.0.101", prefix: 32, iface: "nosuch0" });
  check("an address on a missing interface is refused", false);
} catch (e) {
  check(
    `an address on a missing interface is refused with iproute2's message: ${(e as Error).message}`,
    e instanceof KernelCommandError && /nosuch0|Cannot find device/.test((e as Error).message),
  );
}
const s = createSysctl();
await s.set("net.ipv4.ip_forward", "1");
check(
  "sysctl net.ipv4.ip_forward written and read back",
  (await s.get("net.ipv4.ip_forward")) === "1" && execFileSync("sysctl", ["-n", "net.ipv4.ip_forward"], { encoding: "utf8" }).trim() === "1",
);
await s.set("net.ipv4.vs.expire_nodest_conn", "1");
check("sysctl net.ipv4.vs.expire_nodest_conn (IPVS) written and read back", (await s.get("net.ipv4.vs.expire_nodest_conn")) === "1");
check("a sysctl this kernel lacks reads as undefined", (await s.get("net.ipv4.vs.no_such_knob")) === undefined);
process.exit(failures() ? 1 : 0);
