// `shoal` CLI for operators with a shell on the console host:
//   pnpm shoal user add NAME --role admin|operator|viewer   (password prompted, or first stdin line)
//   pnpm shoal user passwd NAME
//   pnpm shoal user list
// Uses SHOAL_DATABASE (default <repo>/.shoal/shoal.db) or --db FILE.
import { Command } from "commander";
import { createDb } from "@shoal/db";
import { readPassword } from "./password-input.ts";
import { addUser, listUsers, setPassword } from "./user-commands.ts";

const program = new Command("shoal").description("Shoal console administration").option("--db <file>", "SQLite database file");
const user = program.command("user").description("console users");

async function withDb<T>(run: (db: ReturnType<typeof createDb>) => Promise<T>): Promise<T> {
  const db = createDb(program.opts<{ db?: string }>().db);
  try {
    return await run(db);
  } finally {
    await db.$disconnect();
  }
}

user
  .command("add <username>")
  .description("create a user (the first admin too: no setup link needed)")
  .requiredOption("-r, --role <role>", "admin, operator or viewer")
  .action(async (username: string, opts: { role: string }) => {
    const password = await readPassword(`password for ${username}: `, true);
    const u = await withDb((db) => addUser(db, username, opts.role, password));
    console.log(`created ${u.role} ${u.username}`);
  });

user
  .command("passwd <username>")
  .description("set a user's password; their sessions end")
  .action(async (username: string) => {
    const password = await readPassword(`new password for ${username}: `, true);
    const r = await withDb((db) => setPassword(db, username, password));
    console.log(`password of ${username} set; ${r.revoked} session(s) signed out`);
  });

user
  .command("list")
  .description("list users")
  .action(async () => {
    const users = await withDb(listUsers);
    if (!users.length) console.log("no users yet");
    for (const u of users) console.log(`${u.username}\t${u.role}${u.disabled ? "\tdisabled" : ""}\t${u.createdAt.toISOString()}`);
  });

program.parseAsync().catch((e: unknown) => {
  console.error(`shoal: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
