#!/usr/bin/env -S npx tsx
// Offline replacement for `prisma migrate deploy|dev`: the same engine in WebAssembly.
//   migrate deploy [--db FILE]
//   migrate dev --name NAME [--db FILE]
import { parseArgs } from "node:util";
import { databasePath } from "../paths.ts";
import { migrateDeploy, migrateDev } from "./runner.ts";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { db: { type: "string" }, name: { type: "string" } },
});
const command = positionals[0] ?? "deploy";
const db = databasePath(values.db);

if (command === "deploy") {
  const applied = await migrateDeploy({ db });
  console.log(applied.length ? `applied ${applied.join(", ")} to ${db}` : `${db} is up to date`);
} else if (command === "dev") {
  if (!values.name) throw new Error("migrate dev needs --name NAME");
  const created = await migrateDev(values.name, { db });
  console.log(created ? `created ${created}` : "schema unchanged: no migration created");
} else {
  console.error(`unknown command ${command}: use deploy or dev --name NAME`);
  process.exit(2);
}
