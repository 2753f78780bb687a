import { z } from "zod";

export const ROLES = ["viewer", "operator", "admin"] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** viewer < operator < admin: each role can do everything the ones before it can. */
export function roleAtLeast(role: string, min: Role): boolean {
  return ROLES.indexOf(role as Role) >= ROLES.indexOf(min);
}
