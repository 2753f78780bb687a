import shoal from "@shoal/prettier-config";

export default shoal;
