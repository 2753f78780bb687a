import shoal from "@shoal/eslint-config";

export default shoal;
