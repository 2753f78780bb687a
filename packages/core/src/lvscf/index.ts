import { parseLvsCf } from "./parse.ts";

export { renderLvsCf } from "./render.ts";
export { parseLvsCf } from "./parse.ts";
export { lvsCfCannotHold, projectForLvsCf } from "./cannot-hold.ts";

/** For the parser fuzz bench: every lvs.cf parser Shoal has. */
export const lvsCfParsers = { parseLvsCf };
