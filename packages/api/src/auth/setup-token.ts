import { randomBytes } from "node:crypto";
import { getDb, sha256, type Db } from "@shoal/db";
import { logger } from "../log.ts";

export async function adminExists(db: Db): Promise<boolean> {
  return (await db.user.count({ where: { role: "admin", disabled: false } })) > 0;
}

let printed = false;

/**
 * Called by the console at startup. With no admin yet, makes a one-time setup token (only its hash
 * is stored; an older unused one stops working), prints the setup link once to stdout and returns
 * it. With an admin, does nothing: there is no default password to find.
 */
export async function ensureSetupToken(opts: { db?: Db; baseUrl?: string; print?: boolean } = {}): Promise<{ token: string; url: string } | null> {
  const db = opts.db ?? getDb();
  if (await adminExists(db)) return null;
  if (printed && opts.print !== false) return null;
  const token = randomBytes(24).toString("base64url");
  await db.$transaction([db.setupToken.deleteMany({ where: { usedAt: null } }), db.setupToken.create({ data: { tokenHash: sha256(token) } })]);
  const base = (opts.baseUrl ?? process.env.SHOAL_PUBLIC_URL ?? "http://localhost:3000").replace(/\/$/, "");
  const url = `${base}/setup?token=${token}`;
  if (opts.print !== false) {
    printed = true;
    // stdout on purpose, not the log: the token is a secret and log files get shipped around.
    process.stdout.write(`\nShoal has no administrator yet. Create one within this start at:\n  ${url}\n(or from a shell: pnpm shoal user add NAME --role admin)\n\n`);
  }
  logger.info("setup token issued (link printed to stdout)");
  return { token, url };
}

/** Marks the token used and returns true when it is the current unused one. */
export async function consumeSetupToken(db: Db, token: string): Promise<boolean> {
  const r = await db.setupToken.updateMany({ where: { tokenHash: sha256(token), usedAt: null }, data: { usedAt: new Date() } });
  return r.count === 1;
}
