export { validateCluster, validateVirtualService, SERVICE_RULES, CLUSTER_RULES } from "./validate.ts";
export { explainZodError } from "./explain-zod.ts";
export { fieldLabel } from "./field-labels.ts";
export type { ServiceRule, ClusterRule } from "./types.ts";
