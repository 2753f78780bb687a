import { readFileSync } from "node:fs";
import { parseKeepalivedConf } from "@shoal/core";
parseKeepalivedConf(readFileSync(process.argv[2]!, "utf8"));
