export * from "./sampler.ts";
export * from "./batcher.ts";
export * from "./prometheus.ts";
export * from "./server.ts";
export * from "./labels.ts";
export * from "./from-snapshot.ts";
export * from "./http-sender.ts";
export * from "./codec.ts";
