// The agent <-> console wire protocol: one zod schema per message, used by both sides.
// (The live samples and the connection answer are in ../metrics: SampleBatch, ConnectionAnswer.)
export * from "./protocol.ts";
export * from "./status.ts";
export * from "./revision.ts";
export * from "./request.ts";
export * from "./parse.ts";
