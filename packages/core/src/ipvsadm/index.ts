export * from "./render.ts";
export * from "./restore.ts";
export * from "./save.ts";
export * from "./order.ts";
import { parseIpvsadmSave } from "./save.ts";

/** Every text parser of this directory, for the fuzz bench (bench/fuzz-parsers). */
export const ipvsadmParsers = { parseIpvsadmSave };
