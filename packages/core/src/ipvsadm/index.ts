export * from "./render.ts";
export * from "./restore.ts";
export * from "./save.ts";
export * from "./order.ts";
export * from "./listing.ts";
export * from "./list.ts";
export * from "./proc.ts";
export * from "./connections.ts";
export * from "./import.ts";
export * from "./timeout.ts";
export { parseHostPort, type HostPort } from "./hostport.ts";
import { parseIpvsadmConnections } from "./connections.ts";
import { parseIpvsadmList } from "./list.ts";
import { parseProcIpvs, parseProcIpvsStats } from "./proc.ts";
import { parseIpvsadmSave } from "./save.ts";
import { parseIpvsadmTimeout } from "./timeout.ts";

/** Every text parser of this directory, for the fuzz bench (bench/fuzz-parsers). Each takes one string and never throws. */
export const ipvsadmParsers = { parseIpvsadmSave, parseIpvsadmList, parseProcIpvs, parseProcIpvsStats, parseIpvsadmConnections, parseIpvsadmTimeout };
