export * from "./counters.ts";
export * from "./rates.ts";
export * from "./wire.ts";
export * from "./downsample.ts";
export * from "./clock.ts";
export * from "./keys.ts";
export * from "./base64.ts";
export * from "./connections.ts";
