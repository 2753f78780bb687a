import { parseKeepalivedConf } from "./parse.ts";

export { renderKeepalivedConf } from "./render.ts";
export { parseKeepalivedConf, type KeepalivedParse } from "./parse.ts";
export type { DirectorProposal } from "./directors.ts";
export { keepalivedCannotHold, projectForKeepalived, type KeepalivedOptions } from "./cannot-hold.ts";

/** For the parser fuzz bench: every keepalived.conf parser Shoal has. */
export const keepalivedParsers = { parseKeepalivedConf };
