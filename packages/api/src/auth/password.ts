import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";

// OWASP's argon2id minimum (19 MiB, t=2, p=1) is the library default; spelled out so it never drifts.
const PARAMS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const Password = z.string().min(10, "at least 10 characters").max(256, "at most 256 characters");

export const Username = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.@-]+$/, "letters, digits and _ . @ - only");

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A real hash to verify against when the user does not exist, so timing does not reveal names. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword("shoal-no-such-user-placeholder");
  return dummy;
}
