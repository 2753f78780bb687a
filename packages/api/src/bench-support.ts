// For bench/ only: make a user without going through the CLI.
export { hashPassword as hashPasswordForBench } from "./auth/password.ts";
