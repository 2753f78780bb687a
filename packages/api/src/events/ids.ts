import { randomBytes } from "node:crypto";

/** Event ids made here (createMany returns none): time-ordered, unique, URL-safe. */
let last = 0;
let seq = 0;
export function createId(): string {
  const t = Date.now();
  seq = t === last ? seq + 1 : 0;
  last = t;
  return `e${t.toString(36)}${seq.toString(36).padStart(3, "0")}${randomBytes(6).toString("hex")}`;
}
