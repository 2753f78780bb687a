export { renderRealServerScript, type RealServerScriptOptions } from "./script.ts";
export { renderRealServerUnit } from "./unit.ts";
export { realServerNeeds, type RealServerNeeds, type LocalVip } from "./needs.ts";
